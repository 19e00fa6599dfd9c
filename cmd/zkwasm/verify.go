package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/internal/pipeline"
	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/wasm/host"
)

func newVerifyCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "verify [--vk FILE | MODULE.wasm] DIR/proof.json",
		Short: "Verify a proof; exit 0 if valid, 1 if not",
		Long: `Verify proof.json against a verifying key: --vk FILE (vk.bin from zkwasm setup), or the
key of MODULE.wasm at the proof's k (from the key cache, or made now with the configured
SRS). Prints the public inputs and outputs verified. --public and --output, if given,
must equal them (in order).

Exit status: 0 valid, 1 not valid (one-line reason), 8 the key is for another program,
9 corrupted proof.json or key, 4 missing file.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, pos []string) error {
			a, err := load(cmd, v)
			if err != nil {
				return err
			}
			proofPath := pos[len(pos)-1]
			var vk *backend.VerifyingKey
			switch {
			case len(pos) == 2 && a.cfg.VK != "":
				return usageErr("give either --vk or a module, not both")
			case len(pos) == 1 && a.cfg.VK == "":
				return usageErr("verify needs --vk FILE or MODULE.wasm before the proof")
			}
			pj, err := pipeline.ReadProofJSON(proofPath)
			if err != nil {
				return err
			}
			if a.cfg.VK != "" {
				if vk, err = pipeline.ReadVK(a.cfg.VK); err != nil {
					return err
				}
			} else if vk, err = a.moduleVK(pos[0], pj.K); err != nil {
				return err
			}
			res, err := pipeline.Verify(vk, pj)
			if err == nil {
				err = checkExpected(a, res)
			}
			if err != nil {
				if a.cfg.JSON && exitCode(err) == exitInvalid {
					_ = a.printJSON(map[string]any{"valid": false, "reason": err.Error()})
				}
				return err
			}
			if a.cfg.JSON {
				return a.printJSON(map[string]any{"valid": true, "image_id": vk.ImageID(), "k": vk.K,
					"instructions": pj.Instructions, "public_inputs": pj.PublicInputs, "outputs": pj.Outputs})
			}
			fmt.Fprintf(a.stdout, "proof valid: image %s, k %d, public inputs [%s], outputs [%s]\n",
				vk.ImageID(), vk.K, joinWords(res.PublicInputs), joinWords(res.Outputs))
			return nil
		},
	}
	addFlags(cmd, v, config.KeyVK, config.KeyPublic, config.KeyOutput, config.KeyEntry, config.KeyStackSize, config.KeySRS,
		config.KeySeed, config.KeyCacheDir, config.KeyQuiet, config.KeyJSON, config.KeyProgress)
	return cmd
}

// moduleVK returns the verifying key of the module at path at k.
func (a *app) moduleVK(path string, k int) (*backend.VerifyingKey, error) {
	if k < 1 || k > config.MaxK {
		return nil, codeErr(exitCorrupt, "proof.json: k = %d out of range", k)
	}
	p, err := pipeline.Load(path)
	if err != nil {
		return nil, err
	}
	img, err := p.Compile(a.cfg.Entry, a.cfg.StackSize)
	if err != nil {
		return nil, err
	}
	c, err := pipeline.ImageCircuit(img, k)
	if err != nil {
		return nil, err
	}
	srs, err := a.srs(k)
	if err != nil {
		return nil, err
	}
	pk, _, err := pipeline.Keys(a.cacheDir(), p, a.cfg.Entry, a.cfg.StackSize, c, srs, a.progress)
	if err != nil {
		return nil, err
	}
	return pk.VK, nil
}

// checkExpected compares the verified public values with --public and --output.
func checkExpected(a *app, res *pipeline.Verified) error {
	for _, e := range []struct {
		what  string
		specs []string
		got   []uint64
	}{{"public input", a.cfg.Public, res.PublicInputs}, {"output", a.cfg.Output, res.Outputs}} {
		if len(e.specs) == 0 {
			continue
		}
		want, err := host.ParseInputs(e.specs)
		if err != nil {
			return inputErr("expected "+e.what, err)
		}
		if len(want) != len(e.got) {
			return codeErr(exitInvalid, "the proof has %d %ss [%s], expected %d [%s]", len(e.got), e.what, joinWords(e.got), len(want), joinWords(want))
		}
		for i := range want {
			if want[i] != e.got[i] {
				return codeErr(exitInvalid, "%s %d is %d in the proof, expected %d", e.what, i, e.got[i], want[i])
			}
		}
	}
	return nil
}
