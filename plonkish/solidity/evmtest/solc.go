package evmtest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// SolidityDir is plonkish/solidity, where package.json, compile.js and
// node_modules live.
func SolidityDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// Contract is a compiled contract.
type Contract struct {
	Creation []byte // init code
	Runtime  []byte // deployed code
}

// Compile compiles the Solidity sources (file name → text) with the pinned
// solcjs, optimizer on, for Prague, and returns the contracts by name.
func Compile(sources map[string]string) (map[string]Contract, error) {
	dir := SolidityDir()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "solc")); err != nil {
		return nil, fmt.Errorf("evmtest: solc not installed: run `npm ci` in %s (%v)", dir, err)
	}
	type source struct {
		Content string `json:"content"`
	}
	in := map[string]any{
		"language": "Solidity",
		"sources":  map[string]source{},
		"settings": map[string]any{
			"optimizer":       map[string]any{"enabled": true, "runs": 200},
			"evmVersion":      "prague",
			"outputSelection": map[string]any{"*": map[string]any{"*": []string{"evm.bytecode.object", "evm.deployedBytecode.object"}}},
		},
	}
	for name, text := range sources {
		in["sources"].(map[string]source)[name] = source{Content: text}
	}
	input, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", "compile.js")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("evmtest: node compile.js: %v: %s", err, stderr.String())
	}
	var res struct {
		Errors []struct {
			Severity         string `json:"severity"`
			FormattedMessage string `json:"formattedMessage"`
		} `json:"errors"`
		Contracts map[string]map[string]struct {
			EVM struct {
				Bytecode         struct{ Object string } `json:"bytecode"`
				DeployedBytecode struct{ Object string } `json:"deployedBytecode"`
			} `json:"evm"`
		} `json:"contracts"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("evmtest: solc output: %w", err)
	}
	var errs []string
	for _, e := range res.Errors {
		if e.Severity == "error" {
			errs = append(errs, e.FormattedMessage)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("evmtest: solc:\n%s", strings.Join(errs, "\n"))
	}
	contracts := map[string]Contract{}
	for _, file := range res.Contracts {
		for name, c := range file {
			creation, err := hex.DecodeString(c.EVM.Bytecode.Object)
			if err != nil {
				return nil, fmt.Errorf("evmtest: %s bytecode: %w", name, err)
			}
			rt, err := hex.DecodeString(c.EVM.DeployedBytecode.Object)
			if err != nil {
				return nil, fmt.Errorf("evmtest: %s deployed bytecode: %w", name, err)
			}
			contracts[name] = Contract{Creation: creation, Runtime: rt}
		}
	}
	return contracts, nil
}

// SolcVersion returns the version string of the pinned solc.
func SolcVersion() (string, error) {
	cmd := exec.Command("node", "-e", "process.stdout.write(require('solc').version())")
	cmd.Dir = SolidityDir()
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("evmtest: solc version: %w", err)
	}
	return string(out), nil
}
