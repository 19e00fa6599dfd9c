package pipeline

import (
	"github.com/zkwasm/zkwasm/circuit"
)

// NanosPerCell is the measured prover wall time per committed cell on the reference
// machine (2 vCPU, both threads): fib.wat(1200) at k = 15, 3.05 M committed cells, took
// 8.5 s of CPU time (user+sys) over 2 threads, 1.4 µs of wall time per cell on an idle
// machine. BenchmarkProveCell measures it again (ns/cell); see RATIONALE.md.
const NanosPerCell = 1400

// Columns are the circuit's columns, by kind.
type Columns struct {
	Committed      int `json:"committed"` // columns committed per proof (per row)
	Advice         int `json:"advice"`
	AdviceBit      int `json:"advice_bit"`
	AdviceSmall    int `json:"advice_small"`
	AdviceWide     int `json:"advice_wide"`
	Helpers        int `json:"helpers"`        // lookup and bus helper and running-sum columns (modelled)
	Multiplicities int `json:"multiplicities"` // lookup multiplicity columns
	QuotientChunks int `json:"quotient_chunks"`
	Fixed          int `json:"fixed"`
	Instance       int `json:"instance"`
}

// ClassCount is one opcode class of the instruction mix.
type ClassCount struct {
	Class        string  `json:"class"`
	Count        int     `json:"count"`
	Share        float64 `json:"share"`
	DataMovement bool    `json:"data_movement"`
}

// Stats is the cost decomposition of proving one run:
// prove time ≈ Instructions × CellsPerInstruction × NanosPerCell.
type Stats struct {
	Instructions            int          `json:"instructions"`
	Rows                    int          `json:"rows"` // rows the run fills (instructions, boundary, padding row)
	K                       int          `json:"k"`
	UsableRows              int          `json:"usable_rows"`
	Columns                 Columns      `json:"columns"`
	CommittedCells          int          `json:"committed_cells"` // Columns.Committed × 2^K
	WideCells               int          `json:"wide_cells"`      // of which wide (not small values)
	CellsPerInstruction     float64      `json:"cells_per_instruction"`
	WideCellsPerInstruction float64      `json:"wide_cells_per_instruction"`
	NanosPerCell            float64      `json:"ns_per_cell"`
	EstimatedProveSeconds   float64      `json:"estimated_prove_seconds"`
	DataMovementShare       float64      `json:"data_movement_share"`
	Mix                     []ClassCount `json:"mix"`
}

var dataMovement = map[circuit.Class]bool{
	circuit.ClassConst: true, circuit.ClassDrop: true, circuit.ClassSelect: true,
	circuit.ClassLocalGet: true, circuit.ClassLocalSet: true, circuit.ClassLocalTee: true,
	circuit.ClassGlobalGet: true, circuit.ClassGlobalSet: true,
}

// StatsOf computes the cost decomposition of r proven with circuit c.
func StatsOf(r *Run, c *circuit.Circuit) *Stats {
	cost := c.CostOf(r.Exec, nil)
	n := 1 << c.Params.K
	q := max(cost.MaxDegree-1, 1)
	s := &Stats{
		Instructions: r.Instructions,
		Rows:         len(r.Exec.Rows) + 1,
		K:            c.Params.K,
		UsableRows:   c.Usable(),
		Columns: Columns{
			Advice: cost.Advice, AdviceBit: cost.AdviceBits, AdviceSmall: cost.AdviceSmall, AdviceWide: cost.AdviceWide,
			Helpers: cost.HelperWide, Multiplicities: cost.Multiplicity, QuotientChunks: q,
			Fixed: cost.Fixed, Instance: cost.Instance,
		},
		NanosPerCell: NanosPerCell,
	}
	s.Columns.Committed = cost.CellsPerRow + q
	s.CommittedCells = s.Columns.Committed * n
	s.WideCells = (cost.WideCellsPerRow + q) * n
	if r.Instructions > 0 {
		s.CellsPerInstruction = float64(s.CommittedCells) / float64(r.Instructions)
		s.WideCellsPerInstruction = float64(s.WideCells) / float64(r.Instructions)
	}
	s.EstimatedProveSeconds = float64(s.CommittedCells) * NanosPerCell * 1e-9
	counts := map[circuit.Class]int{}
	total, moves := 0, 0
	for i := 0; i < r.Exec.Steps && i < len(r.Exec.Rows); i++ {
		cl := r.Exec.Rows[i].Class
		counts[cl]++
		total++
		if dataMovement[cl] {
			moves++
		}
	}
	for cl, k := range counts {
		s.Mix = append(s.Mix, ClassCount{Class: cl.String(), Count: k, Share: float64(k) / float64(total), DataMovement: dataMovement[cl]})
	}
	sortMix(s.Mix)
	if total > 0 {
		s.DataMovementShare = float64(moves) / float64(total)
	}
	return s
}

func sortMix(m []ClassCount) {
	for i := 1; i < len(m); i++ {
		for j := i; j > 0 && m[j].Class < m[j-1].Class; j-- {
			m[j], m[j-1] = m[j-1], m[j]
		}
	}
}
