package interp

import (
	"sync"
	"unsafe"
)

// chunkLog is the append-only buffer behind one trace log (trace.Trace.Steps,
// .Mem, ...) during a run. Records first fill the spare capacity of the
// trace's own slice; once that is full they go into chunks, which are never
// copied or grown while the run lasts. When the run ends, flush moves the
// chunks into the trace's slice with a single growth to the exact size
// needed, so every record is copied at most once, instead of the ~4 times
// (plus fresh zeroed pages each time) that append's 1.25x growth costs on a
// large log. With enough spare capacity (a reused trace after Reset, or
// Config.TraceSteps) nothing is copied at all.
//
// Between runs the trace's slice is the only place records live: flush
// leaves cur nil, and begin re-reads the slice (the caller may have Reset it).
type chunkLog[T any] struct {
	dst     *[]T       // the trace's slice
	cur     []T        // where the next record goes: *dst's storage or a chunk
	spilled bool       // cur is a chunk (records beyond *dst's capacity exist)
	chunks  [][]T      // full chunks, oldest first
	pool    *sync.Pool // recycles max-size chunks (*[]T), shared by all stores; nil: none
	start   int        // records in the trace's slice when the run began
}

// chunk sizes: from minChunkBytes, doubling, up to maxChunkBytes.
const (
	minChunkBytes = 16 << 10
	maxChunkBytes = 1 << 20
)

// begin starts a run: records are appended after the trace's current ones.
func (l *chunkLog[T]) begin() {
	l.cur = *l.dst
	l.spilled = false
	l.start = len(l.cur)
}

// maxN is the number of records in a max-size chunk.
func (l *chunkLog[T]) maxN() int {
	var zero T
	return maxChunkBytes / int(unsafe.Sizeof(zero))
}

// push appends one record.
func (l *chunkLog[T]) push(x T) {
	if len(l.cur) == cap(l.cur) {
		l.more()
	}
	l.cur = append(l.cur, x)
}

// next appends one record and returns it for the caller to fill in; its
// previous contents are arbitrary (chunks are recycled).
func (l *chunkLog[T]) next() *T {
	if len(l.cur) == cap(l.cur) {
		l.more()
	}
	n := len(l.cur)
	l.cur = l.cur[:n+1]
	return &l.cur[n]
}

// pop removes the last record of the run (there is one).
func (l *chunkLog[T]) pop() { l.cur = l.cur[:len(l.cur)-1] }

// more retires the full cur and makes room for more records.
//
//go:noinline
func (l *chunkLog[T]) more() {
	if !l.spilled {
		*l.dst = l.cur
		l.spilled = true
	} else {
		l.chunks = append(l.chunks, l.cur)
	}
	maxN := l.maxN()
	n := max(maxN/(maxChunkBytes/minChunkBytes), len(*l.dst)/2)
	if len(l.chunks) > 0 {
		n = max(n, 2*cap(l.chunks[len(l.chunks)-1]))
	}
	if n >= maxN {
		n = maxN
		if l.pool != nil {
			if p, ok := l.pool.Get().(*[]T); ok && cap(*p) == maxN {
				l.cur = (*p)[:0]
				return
			}
		}
	}
	l.cur = make([]T, 0, n)
}

// flush ends a run: afterwards every record is in the trace's slice.
func (l *chunkLog[T]) flush() {
	if !l.spilled {
		*l.dst = l.cur
		l.cur = nil
		return
	}
	l.chunks = append(l.chunks, l.cur)
	total := len(*l.dst)
	for _, c := range l.chunks {
		total += len(c)
	}
	// Exact size for a run into an empty trace (the usual Reset-then-run);
	// a trace accumulating over many runs gets append-like slack so that
	// repeated runs stay linear.
	capacity := total
	if l.start > 0 {
		capacity += total / 4
	}
	out := make([]T, total, capacity)
	n := copy(out, *l.dst)
	maxN := l.maxN()
	for i, c := range l.chunks {
		n += copy(out[n:], c)
		if l.pool != nil && cap(c) == maxN {
			c := c[:0]
			l.pool.Put(&c)
		}
		l.chunks[i] = nil
	}
	*l.dst = out
	l.chunks = l.chunks[:0]
	l.cur = nil
	l.spilled = false
}
