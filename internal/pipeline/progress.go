package pipeline

import (
	"fmt"
	"io"
	"time"
)

// Progress reports the phases of long operations. Begin starts a phase (ending the
// previous one, if any); End ends the current one.
type Progress interface {
	Begin(phase string)
	End()
}

// NoProgress reports nothing.
var NoProgress Progress = nopProgress{}

type nopProgress struct{}

func (nopProgress) Begin(string) {}
func (nopProgress) End()         {}

// LineProgress writes one line per phase to w: "zkwasm: <phase> ..." when it starts and
// "zkwasm: <phase> done in 1.23s" when it ends.
type LineProgress struct {
	W     io.Writer
	phase string
	start time.Time
}

// Begin implements Progress.
func (p *LineProgress) Begin(phase string) {
	p.End()
	p.phase, p.start = phase, time.Now()
	fmt.Fprintf(p.W, "zkwasm: %s ...\n", phase)
}

// End implements Progress.
func (p *LineProgress) End() {
	if p.phase == "" {
		return
	}
	fmt.Fprintf(p.W, "zkwasm: %s done in %.2fs\n", p.phase, time.Since(p.start).Seconds())
	p.phase = ""
}
