package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zkwasm/zkwasm/circuit"
	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/internal/pipeline"
)

func newSetupCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "setup MODULE.wasm [--k K] [-o DIR]",
		Short: "Make the proving and verifying keys of a program (DIR/pk.bin, DIR/vk.bin)",
		Long: `Make the proving and verifying keys of a program's circuit at 2^k rows and write
DIR/pk.bin and DIR/vk.bin (DIR defaults to the working directory). The keys are also
put in the key cache, where prove finds them.

k is --k if given; else, if inputs are given (--public/--private), the smallest k the run
fits in (what prove picks for the same inputs); else the smallest k the program image fits
in. The verifying key pins the program: its image id is printed.`,
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
			var c *circuit.Circuit
			if a.cfg.K == 0 && (len(a.cfg.Public) > 0 || len(a.cfg.Private) > 0) {
				_, c, err = a.trace(p)
			} else {
				var img *circuit.Image
				if img, err = p.Compile(a.cfg.Entry, a.cfg.StackSize); err == nil {
					c, err = pipeline.ImageCircuit(img, a.cfg.K)
				}
			}
			if err != nil {
				return err
			}
			k := c.Params.K
			srs, err := a.srs(k)
			if err != nil {
				return err
			}
			pk, cached, err := pipeline.Keys(a.cacheDir(), p, a.cfg.Entry, a.cfg.StackSize, c, srs, a.progress)
			if err != nil {
				return err
			}
			dir, err := a.outDir()
			if err != nil {
				return err
			}
			pkPath, vkPath := filepath.Join(dir, "pk.bin"), filepath.Join(dir, "vk.bin")
			if err := pipeline.WriteFile(vkPath, pk.VK); err != nil {
				return codeErr(exitFile, "write verifying key: %v", err)
			}
			if err := pipeline.WriteFile(pkPath, pk); err != nil {
				return codeErr(exitFile, "write proving key: %v", err)
			}
			if a.cfg.JSON {
				return a.printJSON(map[string]any{"image_id": pk.VK.ImageID(), "k": k, "pk": pkPath, "vk": vkPath, "cached": cached})
			}
			fmt.Fprintf(a.stdout, "image id %s\nk %d\nwrote %s and %s\n", pk.VK.ImageID(), k, pkPath, vkPath)
			return nil
		},
	}
	addFlags(cmd, v, config.KeyK, config.KeyOut, config.KeySRS, config.KeySeed, config.KeyCacheDir, config.KeyEntry,
		config.KeyStackSize, config.KeyPublic, config.KeyPrivate, config.KeyMaxSteps, config.KeyQuiet, config.KeyJSON, config.KeyProgress)
	return cmd
}

// trace runs p on the configured inputs and returns the run and its circuit at the
// configured k (or the smallest that fits).
func (a *app) trace(p *pipeline.Program) (*pipeline.Run, *circuit.Circuit, error) {
	o, err := a.runOptions()
	if err != nil {
		return nil, nil, err
	}
	a.progress.Begin("tracing")
	r, err := p.Trace(o)
	a.progress.End()
	if err != nil {
		return nil, nil, err
	}
	c, err := pipeline.CircuitFor(r, a.cfg.K)
	if err != nil {
		return nil, nil, err
	}
	return r, c, nil
}

func newProveCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "prove MODULE.wasm [--public ...] [--private ...] [-o DIR]",
		Short: "Run a program and prove the run: DIR/proof.json and DIR/proof.bin",
		Long: `Run the program on the inputs, then prove the run. Every input must be read.
k is the smallest that fits the run unless --k is given. The keys come from the key
cache (made on first use, keyed by module, entry, stack size, k and SRS). Without an srs
setting, a cached INSECURE test SRS is used, with a warning.

Writes DIR/proof.bin (binary proof) and DIR/proof.json: image_id, k, instructions,
public_inputs and outputs (decimal), instances (the instance column, decimal, as the
Solidity verifier takes it) and proof (0x hex, the Solidity verifier's proof argument).`,
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
			k := c.Params.K
			srs, err := a.srs(k)
			if err != nil {
				return err
			}
			pk, cached, err := pipeline.Keys(a.cacheDir(), p, a.cfg.Entry, a.cfg.StackSize, c, srs, a.progress)
			if err != nil {
				return err
			}
			pr, err := pipeline.Prove(pk, c, r, a.progress)
			if err != nil {
				return err
			}
			dir, err := a.outDir()
			if err != nil {
				return err
			}
			binPath, jsonPath := filepath.Join(dir, "proof.bin"), filepath.Join(dir, "proof.json")
			if err := pipeline.WriteFile(binPath, pr.Proof); err != nil {
				return codeErr(exitFile, "write proof: %v", err)
			}
			js, err := json.MarshalIndent(pr.JSON, "", "  ")
			if err != nil {
				return err
			}
			if err := os.WriteFile(jsonPath, append(js, '\n'), 0o644); err != nil {
				return codeErr(exitFile, "write proof: %v", err)
			}
			pj := pr.JSON
			if a.cfg.JSON {
				return a.printJSON(map[string]any{"image_id": pj.ImageID, "k": pj.K, "instructions": pj.Instructions,
					"public_inputs": pj.PublicInputs, "outputs": pj.Outputs, "proof_json": jsonPath, "proof_bin": binPath,
					"keys_cached": cached})
			}
			for i, o := range r.Outputs {
				fmt.Fprintf(a.stdout, "output[%d] = %d\n", i, o)
			}
			fmt.Fprintf(a.stdout, "proved %d instructions at k = %d, image id %s\nwrote %s and %s\n",
				r.Instructions, k, pj.ImageID, jsonPath, binPath)
			return nil
		},
	}
	addFlags(cmd, v, config.KeyPublic, config.KeyPrivate, config.KeyEntry, config.KeyMaxSteps, config.KeyK, config.KeyOut,
		config.KeySRS, config.KeySeed, config.KeyCacheDir, config.KeyStackSize, config.KeyQuiet, config.KeyJSON, config.KeyProgress)
	return cmd
}

func joinWords(ws []uint64) string {
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = fmt.Sprint(w)
	}
	return strings.Join(s, " ")
}
