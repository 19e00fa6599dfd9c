package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/internal/pipeline"
	"github.com/zkwasm/zkwasm/kzg"
)

func newSRSCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "srs",
		Short: "Make or import the structured reference string (SRS) proofs are made over",
		Long: `An SRS of 2^k+1 points serves every circuit of up to 2^k rows.

  zkwasm srs new --k K [-o FILE]           an INSECURE test SRS (tests and benchmarks only)
  zkwasm srs import FILE.ptau [--k K] [-o FILE]   from a powers-of-tau ceremony file (snarkjs .ptau)

Point prove and setup at the result with srs: FILE (or --srs, ZKWASM_SRS).`,
	}
	cmd.AddCommand(newSRSNewCmd(), newSRSImportCmd())
	return cmd
}

func newSRSNewCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "new --k K [-o FILE]",
		Short: "Write an INSECURE test SRS for circuits of up to 2^K rows",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := load(cmd, v)
			if err != nil {
				return err
			}
			k := a.cfg.K
			if k < 1 {
				return usageErr("srs new needs --k K (1..%d)", config.MaxK-1)
			}
			if k >= config.MaxK {
				return usageErr("srs new: k = %d: an SRS holds at most 2^%d points, so k must be below %d", k, kzg.MaxLogSize, config.MaxK)
			}
			out := a.cfg.Out
			if out == "" {
				out = fmt.Sprintf("test-k%d.srs", k)
			}
			a.progress.Begin(fmt.Sprintf("test SRS of 2^%d+1 points", k))
			s, err := kzg.NewTestSRS(pipeline.SRSPoints(k), []byte(a.cfg.Seed))
			a.progress.End()
			if err != nil {
				return err
			}
			if err := pipeline.WriteFile(out, s); err != nil {
				return codeErr(exitFile, "write SRS: %v", err)
			}
			fmt.Fprintf(a.stderr, "zkwasm: WARNING: %s is an INSECURE test SRS (seed %q): anyone can forge proofs against it; for tests only\n", out, a.cfg.Seed)
			return a.reportSRS(out, s, k)
		},
	}
	addFlags(cmd, v, config.KeyK, config.KeyOut, config.KeySeed, config.KeyQuiet, config.KeyJSON, config.KeyProgress)
	return cmd
}

func newSRSImportCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "import FILE.ptau [--k K] [-o FILE]",
		Short: "Import a powers-of-tau ceremony file (snarkjs .ptau, e.g. the Perpetual Powers of Tau)",
		Long: `Import a snarkjs .ptau file (BN254): every point is checked on the curve and in the
subgroup, and the powers are checked to be consecutive powers of one tau. With --k K,
only the 2^K+1 points circuits of up to 2^K rows need are kept. The ceremony's
contribution chain is not verified: use snarkjs powersoftau verify for that.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, pos []string) error {
			a, err := load(cmd, v)
			if err != nil {
				return err
			}
			f, err := os.Open(pos[0])
			if err != nil {
				return codeErr(exitFile, "read ptau: %v", err)
			}
			defer f.Close()
			var max uint64
			if a.cfg.K > 0 {
				if a.cfg.K >= config.MaxK {
					return usageErr("srs import: k = %d must be below %d", a.cfg.K, config.MaxK)
				}
				max = pipeline.SRSPoints(a.cfg.K)
			}
			a.progress.Begin("import and check " + pos[0])
			s, err := kzg.ImportPtau(bufio.NewReaderSize(f, 1<<20), max)
			a.progress.End()
			if err != nil {
				if strings.Contains(err.Error(), "has only") {
					return codeErr(exitSRS, "%s: %v; use a larger ceremony file or a smaller --k", pos[0], err)
				}
				return codeErr(exitCorrupt, "%s: %v", pos[0], err)
			}
			out := a.cfg.Out
			if out == "" {
				out = strings.TrimSuffix(filepath.Base(pos[0]), ".ptau") + ".srs"
			}
			if err := pipeline.WriteFile(out, s); err != nil {
				return codeErr(exitFile, "write SRS: %v", err)
			}
			k := 0
			for uint64(1)<<(k+1)+1 <= s.Size() {
				k++
			}
			return a.reportSRS(out, s, k)
		},
	}
	addFlags(cmd, v, config.KeyK, config.KeyOut, config.KeyQuiet, config.KeyJSON, config.KeyProgress)
	return cmd
}

func (a *app) reportSRS(path string, s *kzg.SRS, k int) error {
	if a.cfg.JSON {
		return a.printJSON(map[string]any{"file": path, "points": s.Size(), "max_k": k, "insecure": s.Insecure})
	}
	fmt.Fprintf(a.stdout, "wrote %s: %d points, for circuits of up to 2^%d rows\n", path, s.Size(), k)
	return nil
}
