package main

import (
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/internal/pipeline"
)

func newStatsCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "stats MODULE.wasm [--public ...] [--private ...]",
		Short: "Print the cost decomposition of proving a run",
		Long: `Run the program and print what proving the run costs:

  prove time ≈ instructions × committed cells per instruction × time per committed cell

instructions executed and their mix by opcode class (with the share of pure data
movement: local.get/set/tee, global.get/set, drop, select, const), the rows and k needed,
the circuit's columns, committed cells (per row and in total), cells per instruction and
the estimated prove time. The time per committed cell is a constant measured on the
reference machine (see RATIONALE.md); --json prints one object.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, pos []string) error {
			a, err := load(cmd, v)
			if err != nil {
				return err
			}
			p, err := pipeline.Load(pos[0])
			if err != nil {
				return err
			}
			r, c, err := a.trace(p)
			if err != nil {
				return err
			}
			s := pipeline.StatsOf(r, c)
			if a.cfg.JSON {
				return a.printJSON(s)
			}
			w := a.stdout
			fmt.Fprintf(w, "instructions         %d\n", s.Instructions)
			fmt.Fprintf(w, "rows                 %d (instructions and boundary rows; 2^%d = %d, %d usable)\n", s.Rows, s.K, 1<<s.K, s.UsableRows)
			fmt.Fprintf(w, "k                    %d\n", s.K)
			fmt.Fprintf(w, "columns              %d committed per row: advice %d (bit %d, small %d, wide %d), lookup/bus helpers %d, multiplicities %d, quotient chunks %d; fixed %d, instance %d\n",
				s.Columns.Committed, s.Columns.Advice, s.Columns.AdviceBit, s.Columns.AdviceSmall, s.Columns.AdviceWide,
				s.Columns.Helpers, s.Columns.Multiplicities, s.Columns.QuotientChunks, s.Columns.Fixed, s.Columns.Instance)
			fmt.Fprintf(w, "committed cells      %d (wide %d)\n", s.CommittedCells, s.WideCells)
			fmt.Fprintf(w, "cells/instruction    %.1f (%.1f wide; %d per row when the table is full)\n", s.CellsPerInstruction, s.WideCellsPerInstruction, s.Columns.Committed)
			fmt.Fprintf(w, "est. prove time      %.2fs (%d cells × %.0f ns/cell)\n", s.EstimatedProveSeconds, s.CommittedCells, s.NanosPerCell)
			fmt.Fprintf(w, "data movement        %.1f%% of instructions\n", 100*s.DataMovementShare)
			fmt.Fprintf(w, "%-14s %10s %7s\n", "class", "count", "share")
			mix := append([]pipeline.ClassCount(nil), s.Mix...)
			sort.SliceStable(mix, func(i, j int) bool { return mix[i].Count > mix[j].Count })
			for _, m := range mix {
				mark := ""
				if m.DataMovement {
					mark = " *"
				}
				fmt.Fprintf(w, "%-14s %10d %6.1f%%%s\n", m.Class, m.Count, 100*m.Share, mark)
			}
			fmt.Fprintln(w, "(* pure data movement)")
			return nil
		},
	}
	addFlags(cmd, v, config.KeyPublic, config.KeyPrivate, config.KeyEntry, config.KeyMaxSteps, config.KeyK,
		config.KeyStackSize, config.KeyQuiet, config.KeyJSON, config.KeyProgress)
	return cmd
}
