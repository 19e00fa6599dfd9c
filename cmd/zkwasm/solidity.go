package main

import (
	"github.com/spf13/cobra"

	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/internal/pipeline"
)

func newSolidityCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "solidity (--vk FILE | MODULE.wasm) [--k K] -o Verifier.sol",
		Short: "Generate the Solidity verifier contract of a program's verifying key (not yet available)",
		Long: `Generate a Solidity contract verifyProof(bytes proof, uint256[] instances) for one
verifying key. The proof and instances arguments are the proof and instances fields of
proof.json.

Not implemented yet: the proving backend does not yet describe its verifying key to the
Solidity generator (plonkish/solidity). The command checks its arguments and exits 12.`,
		Args: cobra.RangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, pos []string) error {
			a, err := load(cmd, v)
			if err != nil {
				return err
			}
			switch {
			case len(pos) == 1 && a.cfg.VK != "":
				return usageErr("give either --vk or a module, not both")
			case len(pos) == 0 && a.cfg.VK == "":
				return usageErr("solidity needs --vk FILE or MODULE.wasm")
			}
			if a.cfg.VK != "" {
				if _, err := pipeline.ReadVK(a.cfg.VK); err != nil {
					return err
				}
			} else {
				p, err := pipeline.Load(pos[0])
				if err != nil {
					return err
				}
				if _, err := p.Compile(a.cfg.Entry, a.cfg.StackSize); err != nil {
					return err
				}
			}
			return codeErr(exitNotImplemented, "solidity: not yet supported: the backend does not yet build the verifier specification (plonkish/solidity Spec) from a verifying key")
		},
	}
	addFlags(cmd, v, config.KeyVK, config.KeyOut, config.KeyK, config.KeyEntry, config.KeyStackSize, config.KeySRS,
		config.KeySeed, config.KeyCacheDir, config.KeyQuiet, config.KeyProgress)
	return cmd
}
