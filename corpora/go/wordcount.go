// Command wordcount reports the most frequent words in its input files.
//
// Words are lower-cased and split on anything that is not a letter or a
// digit, so "naïve" and "Naïve" count as the same word.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"
)

// Options controls how text is tokenised and reported.
type Options struct {
	MinLength  int
	Top        int
	IgnoreCase bool
	StopWords  map[string]bool
}

// Entry is one word together with the number of times it was seen.
type Entry struct {
	Word  string
	Count int
}

// Counter accumulates word frequencies across several inputs.
type Counter struct {
	opts   Options
	counts map[string]int
	lines  int
	total  int
}

func NewCounter(opts Options) *Counter {
	return &Counter{opts: opts, counts: make(map[string]int)}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Add reads r line by line and records every word it contains.
func (c *Counter) Add(r io.Reader) error {
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		c.lines++
		fields := strings.FieldsFunc(scanner.Text(), func(ch rune) bool {
			return !isWordRune(ch)
		})
		for _, word := range fields {
			if c.opts.IgnoreCase {
				word = strings.ToLower(word)
			}
			if len([]rune(word)) >= c.opts.MinLength {
				if !c.opts.StopWords[word] {
					c.counts[word]++
					c.total++
				}
			}
		}
	}
	return scanner.Err()
}

// Top returns the n most frequent words, ties broken alphabetically.
func (c *Counter) Top(n int) []Entry {
	entries := make([]Entry, 0, len(c.counts))
	for word, count := range c.counts {
		entries = append(entries, Entry{Word: word, Count: count})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].Count != entries[j].Count {
			return entries[i].Count > entries[j].Count
		}
		return entries[i].Word < entries[j].Word
	})
	if n > 0 && n < len(entries) {
		entries = entries[:n]
	}
	return entries
}

func main() {
	top := flag.Int("top", 10, "number of words to print")
	minLen := flag.Int("min", 3, "ignore words shorter than this")
	flag.Parse()

	counter := NewCounter(Options{
		MinLength:  *minLen,
		Top:        *top,
		IgnoreCase: true,
		StopWords:  map[string]bool{"the": true, "and": true, "for": true},
	})

	if flag.NArg() == 0 {
		if err := counter.Add(os.Stdin); err != nil {
			fmt.Fprintln(os.Stderr, "wordcount:", err)
			os.Exit(1)
		}
	} else {
		for _, name := range flag.Args() {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintln(os.Stderr, "wordcount:", err)
				continue
			}
			if err := counter.Add(f); err != nil {
				fmt.Fprintf(os.Stderr, "wordcount: %s: %v\n", name, err)
			}
			f.Close()
		}
	}

	fmt.Printf("%d words on %d lines\n", counter.total, counter.lines)
	for i, e := range counter.Top(*top) {
		fmt.Printf("%3d. %-20s %6d\n", i+1, e.Word, e.Count)
	}
}
