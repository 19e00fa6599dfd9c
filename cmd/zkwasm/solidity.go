package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/internal/pipeline"
	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
)

func newSolidityCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "solidity (--vk FILE | MODULE.wasm) [--k K] -o Verifier.sol",
		Short: "Generate the Solidity verifier contract of a program's verifying key",
		Long: `Generate the Solidity contract ` + solidity.DefaultName + ` with
verifyProof(bytes proof, uint256[] instances) returns (bool) for one verifying key (one
program at one k) and write it to -o (default Verifier.sol). The proof and instances
arguments are the proof and instances fields of proof.json. The contract uses only the
precompiles 0x05-0x08; compile it with solc >= 0.8.24 (optimizer on, EVM version cancun
or later).

The key is --vk FILE (written by setup), or the key of MODULE.wasm at --k (default: the
smallest k the program image fits in, as setup without inputs; a proof made at another k
needs --k equal to proof.json's k), taken from the key cache or made now.

If the contract's code would likely exceed the EIP-170 limit (24,576 bytes), the
constraint evaluation goes to a second contract in the same file, ` + solidity.DefaultName + `Evaluator,
which ` + solidity.DefaultName + `'s constructor deploys: deploy ` + solidity.DefaultName + ` as usual.`,
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
			var vk *backend.VerifyingKey
			if a.cfg.VK != "" {
				if vk, err = pipeline.ReadVK(a.cfg.VK); err != nil {
					return err
				}
			} else {
				p, err := pipeline.Load(pos[0])
				if err != nil {
					return err
				}
				img, err := p.Compile(a.cfg.Entry, a.cfg.StackSize)
				if err != nil {
					return err
				}
				c, err := pipeline.ImageCircuit(img, a.cfg.K)
				if err != nil {
					return err
				}
				srs, err := a.srs(c.Params.K)
				if err != nil {
					return err
				}
				pk, _, err := pipeline.Keys(a.cacheDir(), p, a.cfg.Entry, a.cfg.StackSize, c, srs, a.progress)
				if err != nil {
					return err
				}
				vk = pk.VK
			}
			src, split, err := solidity.GenerateDeployable(vk)
			if err != nil {
				return codeErr(exitInternal, "solidity: %v", err)
			}
			out := a.cfg.Out
			if out == "" {
				out = "Verifier.sol"
			}
			if dir := filepath.Dir(out); dir != "." {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return codeErr(exitFile, "create output directory: %v", err)
				}
			}
			if err := os.WriteFile(out, []byte(src), 0o644); err != nil {
				return codeErr(exitFile, "write verifier: %v", err)
			}
			if split {
				fmt.Fprintf(a.stdout, "image id %s\nk %d\nwrote %s (contract %s, whose constructor deploys its constraint evaluator %sEvaluator)\n",
					vk.ImageID(), vk.K, out, solidity.DefaultName, solidity.DefaultName)
			} else {
				fmt.Fprintf(a.stdout, "image id %s\nk %d\nwrote %s (contract %s)\n", vk.ImageID(), vk.K, out, solidity.DefaultName)
			}
			return nil
		},
	}
	addFlags(cmd, v, config.KeyVK, config.KeyOut, config.KeyK, config.KeyEntry, config.KeyStackSize, config.KeySRS,
		config.KeySeed, config.KeyCacheDir, config.KeyQuiet, config.KeyProgress)
	return cmd
}
