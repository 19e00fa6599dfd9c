package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/internal/pipeline"
)

func newVersionCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print zkwasm's version, the Go version and the file format versions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := load(cmd, v)
			if err != nil {
				return err
			}
			ver, rev := version, ""
			if bi, ok := debug.ReadBuildInfo(); ok {
				if ver == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
					ver = bi.Main.Version
				}
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" {
						rev = s.Value
					}
				}
			}
			if a.cfg.JSON {
				return a.printJSON(map[string]any{"version": ver, "revision": rev, "go": runtime.Version(),
					"proof_json_version": pipeline.ProofJSONVersion})
			}
			fmt.Fprintf(a.stdout, "zkwasm %s", ver)
			if rev != "" {
				fmt.Fprintf(a.stdout, " (%s)", rev)
			}
			fmt.Fprintf(a.stdout, " %s %s/%s, proof.json version %d\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, pipeline.ProofJSONVersion)
			return nil
		},
	}
	addFlags(cmd, v, config.KeyJSON)
	return cmd
}
