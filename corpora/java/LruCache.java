import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A fixed-capacity cache that evicts the least recently used entry.
 *
 * <p>Entries are kept in a doubly linked list ordered from most to least
 * recently used, with a hash map pointing into the list for O(1) lookups.
 * This class is not thread-safe; wrap it if several threads share it.
 *
 * @param <K> the type of keys
 * @param <V> the type of cached values
 */
public class LruCache<K, V> {

    /** A node in the recency list. */
    private static final class Node<K, V> {
        final K key;
        V value;
        Node<K, V> previous;
        Node<K, V> next;

        Node(K key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    private final int maxEntries;
    private final Map<K, Node<K, V>> index = new HashMap<>();
    private Node<K, V> head;
    private Node<K, V> tail;
    private long hitCount;
    private long missCount;

    /**
     * Creates an empty cache.
     *
     * @param maxEntries the maximum number of entries; must be positive
     */
    public LruCache(int maxEntries) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** Returns the cached value for {@code key}, marking it as recently used. */
    public Optional<V> get(K key) {
        Node<K, V> node = index.get(key);
        if (node == null) {
            missCount++;
            return Optional.empty();
        }
        hitCount++;
        moveToFront(node);
        return Optional.of(node.value);
    }

    /** Returns the cached value, computing and storing it on a miss. */
    public V getOrCompute(K key, Function<? super K, ? extends V> loader) {
        return get(key).orElseGet(() -> {
            V computed = loader.apply(key);
            put(key, computed);
            return computed;
        });
    }

    /** Stores a value, evicting the least recently used entry if full. */
    public void put(K key, V value) {
        Node<K, V> existing = index.get(key);
        if (existing != null) {
            existing.value = value;
            moveToFront(existing);
            return;
        }
        if (index.size() >= maxEntries) {
            index.remove(tail.key);
            unlink(tail);
        }
        Node<K, V> node = new Node<>(key, value);
        index.put(key, node);
        linkFirst(node);
    }

    public int size() {
        return index.size();
    }

    public double hitRatio() {
        long total = hitCount + missCount;
        return total == 0 ? 0.0 : (double) hitCount / total;
    }

    private void moveToFront(Node<K, V> node) {
        if (node != head) {
            unlink(node);
            linkFirst(node);
        }
    }

    private void linkFirst(Node<K, V> node) {
        node.previous = null;
        node.next = head;
        if (head != null) {
            head.previous = node;
        }
        head = node;
        if (tail == null) {
            tail = node;
        }
    }

    private void unlink(Node<K, V> node) {
        if (node.previous != null) {
            node.previous.next = node.next;
        } else {
            head = node.next;
        }
        if (node.next != null) {
            node.next.previous = node.previous;
        } else {
            tail = node.previous;
        }
        node.previous = null;
        node.next = null;
    }

    public static void main(String[] args) {
        LruCache<String, Integer> lengths = new LruCache<>(2);
        lengths.getOrCompute("naïve", String::length);
        lengths.getOrCompute("Grüße", String::length);
        lengths.get("naïve");
        lengths.put("日本語", 3);
        System.out.printf("size=%d, evicted Grüße=%b, hit ratio=%.2f%n",
                lengths.size(), lengths.get("Grüße").isEmpty(), lengths.hitRatio());
    }
}
