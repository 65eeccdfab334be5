package tokenize

import (
	"hash/maphash"
	"strings"
	"sync"
)

// wordCacheSize bounds how many words the cache holds (about 100 bytes
// each with their pieces: a few MB at most).
const wordCacheSize = 1 << 16

// maxCachedWord is the longest word (in bytes) the cache keeps; longer
// ones are rare and split by the library every time.
const maxCachedWord = 64

// piece is one WordPiece token of a word.
type piece struct {
	id    int
	value string
}

// wordCache maps a normalised word to its pieces. It is safe for
// concurrent use: the words are spread over shards, each with its own
// lock, and a shard that reaches its share of the size cap is emptied
// before the next insert (so the cache never holds more than its cap and
// refills with the words in use).
type wordCache struct {
	seed   maphash.Seed
	shards [wordShards]wordShard
	limit  int // per shard
}

const wordShards = 32

type wordShard struct {
	mu sync.RWMutex
	m  map[string][]piece
}

func newWordCache(size int) *wordCache {
	c := &wordCache{seed: maphash.MakeSeed(), limit: max(1, size/wordShards)}
	for i := range c.shards {
		c.shards[i].m = make(map[string][]piece)
	}
	return c
}

func (c *wordCache) shard(word string) *wordShard {
	return &c.shards[maphash.String(c.seed, word)%wordShards]
}

// get returns the cached pieces of word. The slice is shared: callers
// must not change it.
func (c *wordCache) get(word string) ([]piece, bool) {
	if len(word) > maxCachedWord {
		return nil, false
	}
	s := c.shard(word)
	s.mu.RLock()
	ps, ok := s.m[word]
	s.mu.RUnlock()
	return ps, ok
}

// put stores word's pieces (a copy of word is kept, not the caller's
// backing string).
func (c *wordCache) put(word string, ps []piece) {
	if len(word) > maxCachedWord {
		return
	}
	key := strings.Clone(word)
	s := c.shard(word)
	s.mu.Lock()
	if len(s.m) >= c.limit {
		clear(s.m)
	}
	s.m[key] = ps
	s.mu.Unlock()
}

// len is the number of words cached.
func (c *wordCache) len() int {
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.RLock()
		n += len(s.m)
		s.mu.RUnlock()
	}
	return n
}
