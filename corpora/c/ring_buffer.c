/*
 * ring_buffer.c - a fixed-size byte ring buffer with a small self-test.
 *
 * The buffer capacity must be a power of two so that indices can be
 * wrapped with a mask instead of a division.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>

#define RB_IS_POW2(n)	(((n) != 0) && (((n) & ((n) - 1)) == 0))

/* Print a diagnostic and abort when an invariant does not hold. */
#define RB_CHECK(cond, msg)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: %s (%s)\n",		\
				__FILE__, __LINE__, (msg), #cond);	\
			abort();					\
		}							\
	} while (0)

struct ring_buffer {
	unsigned char	*data;
	size_t		 capacity;	/* always a power of two */
	size_t		 head;		/* next write position */
	size_t		 tail;		/* next read position */
};

int rb_init(struct ring_buffer *rb, size_t capacity)
{
	if (!RB_IS_POW2(capacity))
		return -1;
	rb->data = malloc(capacity);
	if (rb->data == NULL)
		return -1;
	rb->capacity = capacity;
	rb->head = rb->tail = 0;
	return 0;
}

void rb_free(struct ring_buffer *rb)
{
	free(rb->data);
	memset(rb, 0, sizeof(*rb));
}

static inline size_t rb_used(const struct ring_buffer *rb)
{
	return rb->head - rb->tail;
}

static inline size_t rb_space(const struct ring_buffer *rb)
{
	return rb->capacity - rb_used(rb);
}

/* Copy up to len bytes in; returns the number of bytes actually written. */
size_t rb_write(struct ring_buffer *rb, const void *src, size_t len)
{
	const unsigned char *in = src;
	size_t mask = rb->capacity - 1;
	size_t n = len < rb_space(rb) ? len : rb_space(rb);
	size_t i;

	for (i = 0; i < n; i++)
		rb->data[(rb->head + i) & mask] = in[i];
	rb->head += n;
	return n;
}

/* Copy up to len bytes out; returns the number of bytes actually read. */
size_t rb_read(struct ring_buffer *rb, void *dst, size_t len)
{
	unsigned char *out = dst;
	size_t mask = rb->capacity - 1;
	size_t n = len < rb_used(rb) ? len : rb_used(rb);
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = rb->data[(rb->tail + i) & mask];
	rb->tail += n;
	return n;
}

int main(void)
{
	static const char message[] =
		"The quick brown fox jumps over the lazy dog; "
		"a ring buffer lets a producer and a consumer share memory "
		"without ever moving the bytes that are already queued.";
	struct ring_buffer rb;
	char chunk[17];
	size_t offset = 0, got;

	RB_CHECK(rb_init(&rb, 32) == 0, "could not allocate ring buffer");

	while (offset < sizeof(message) - 1 || rb_used(&rb) > 0) {
		offset += rb_write(&rb, message + offset,
				   sizeof(message) - 1 - offset);
		got = rb_read(&rb, chunk, sizeof(chunk) - 1);
		chunk[got] = '\0';
		printf("[%2zu] %s\n", got, chunk);
	}

	RB_CHECK(rb_used(&rb) == 0, "buffer should be drained");
	rb_free(&rb);
	return EXIT_SUCCESS;
}
