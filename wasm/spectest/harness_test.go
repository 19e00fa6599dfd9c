package spectest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// The wast2json command format (wabt docs/wast2json.md).
type script struct {
	SourceFilename string    `json:"source_filename"`
	Commands       []command `json:"commands"`
}

type command struct {
	Type       string  `json:"type"`
	Line       int     `json:"line"`
	Name       string  `json:"name"`
	As         string  `json:"as"`
	Filename   string  `json:"filename"`
	Text       string  `json:"text"`
	ModuleType string  `json:"module_type"`
	Action     *action `json:"action"`
	Expected   []value `json:"expected"`
}

type action struct {
	Type   string  `json:"type"` // invoke or get
	Module string  `json:"module"`
	Field  string  `json:"field"`
	Args   []value `json:"args"`
}

type value struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

func (v value) parse() (uint64, error) {
	if v.Type != "i32" && v.Type != "i64" {
		return 0, fmt.Errorf("unsupported value type %s", v.Type)
	}
	return strconv.ParseUint(v.Value, 10, 64)
}

// engine is what the runner needs from a WebAssembly implementation.
type engine interface {
	name() string
	reset() error                                     // fresh store with the spectest host module
	decode(bin []byte) error                          // decode + validate only
	instantiate(name string, bin []byte) (any, error) // decode, link, instantiate (name: registration name or "")
	register(as string, inst any) error               // make inst importable as module "as"
	invoke(inst any, field string, args []uint64) ([]uint64, error)
	get(inst any, field string) (uint64, error)
	trapIs(err error, text string) bool // does err match the spec's trap/link message?
	malformedIs(err error) bool         // assert_malformed error kind
	invalidIs(err error) bool           // assert_invalid error kind
	close()
}

type result struct {
	passed, failed int
	failures       []string // "file:line type: detail"
}

func specDir(t *testing.T) string {
	if d := os.Getenv("ZKWASM_SPECTEST_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "testdata", "spectest", "core")
}

func scriptFiles(t *testing.T) []string {
	dir := specDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.mvpint.json"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join(dir, "*.mvpint.json"))
	files = append(files, more...)
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no *.mvpint.json files under %s", dir)
	}
	return files
}

// runAll runs every script against e.
func runAll(t *testing.T, e engine) result {
	var res result
	for _, f := range scriptFiles(t) {
		runScript(t, e, f, &res)
	}
	return res
}

func runScript(t *testing.T, e engine, file string, res *result) {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var s script
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if err := e.reset(); err != nil {
		t.Fatalf("%s: reset: %v", file, err)
	}
	dir := filepath.Dir(file)
	base := filepath.Base(file)
	// Registration names decided ahead, for engines that can only name an
	// instance when it is created (wazero's public API has no aliasing).
	regName := map[int]string{}
	lastModule := -1
	for i, c := range s.Commands {
		switch c.Type {
		case "module":
			lastModule = i
		case "register":
			target := lastModule
			if c.Name != "" {
				for j := i - 1; j >= 0; j-- {
					if s.Commands[j].Type == "module" && s.Commands[j].Name == c.Name {
						target = j
						break
					}
				}
			}
			if target >= 0 && regName[target] == "" {
				regName[target] = c.As
			}
		}
	}
	named := map[string]any{}
	var current any
	fail := func(c command, format string, args ...any) {
		res.failed++
		res.failures = append(res.failures, fmt.Sprintf("%s:%d %s: %s", base, c.Line, c.Type, fmt.Sprintf(format, args...)))
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		return b
	}
	target := func(a *action) any {
		if a.Module != "" {
			return named[a.Module]
		}
		return current
	}
	doAction := func(a *action) ([]uint64, error) {
		inst := target(a)
		if inst == nil {
			return nil, fmt.Errorf("no module instance for action")
		}
		switch a.Type {
		case "invoke":
			args := make([]uint64, len(a.Args))
			for i, v := range a.Args {
				x, err := v.parse()
				if err != nil {
					return nil, err
				}
				args[i] = x
			}
			return e.invoke(inst, a.Field, args)
		case "get":
			v, err := e.get(inst, a.Field)
			return []uint64{v}, err
		}
		return nil, fmt.Errorf("unknown action type %q", a.Type)
	}
	for i, c := range s.Commands {
		switch c.Type {
		case "module":
			inst, err := e.instantiate(regName[i], read(c.Filename))
			if err != nil {
				// Not an assertion, but everything after it depends on it.
				res.failures = append(res.failures, fmt.Sprintf("%s:%d module %s: %v", base, c.Line, c.Filename, err))
				current = nil
				if c.Name != "" {
					named[c.Name] = nil
				}
				continue
			}
			current = inst
			if c.Name != "" {
				named[c.Name] = inst
			}
		case "register":
			inst := current
			if c.Name != "" {
				inst = named[c.Name]
			}
			if inst == nil {
				res.failures = append(res.failures, fmt.Sprintf("%s:%d register: no instance", base, c.Line))
				continue
			}
			if err := e.register(c.As, inst); err != nil {
				res.failures = append(res.failures, fmt.Sprintf("%s:%d register: %v", base, c.Line, err))
			}
		case "action":
			if _, err := doAction(c.Action); err != nil {
				fail(c, "%v", err)
				continue
			}
			res.passed++
		case "assert_return":
			got, err := doAction(c.Action)
			if err != nil {
				fail(c, "%s: %v", c.Action.Field, err)
				continue
			}
			if len(got) != len(c.Expected) {
				fail(c, "%s: got %d results, want %d", c.Action.Field, len(got), len(c.Expected))
				continue
			}
			ok := true
			for k, v := range c.Expected {
				want, err := v.parse()
				if err != nil {
					fail(c, "%v", err)
					ok = false
					break
				}
				if got[k] != want {
					fail(c, "%s: result %d = %d, want %d", c.Action.Field, k, got[k], want)
					ok = false
					break
				}
			}
			if ok {
				res.passed++
			}
		case "assert_trap", "assert_exhaustion":
			_, err := doAction(c.Action)
			if err == nil {
				fail(c, "%s: no trap, want %q", c.Action.Field, c.Text)
			} else if !e.trapIs(err, c.Text) {
				fail(c, "%s: got %v, want %q", c.Action.Field, err, c.Text)
			} else {
				res.passed++
			}
		case "assert_malformed", "assert_invalid":
			err := e.decode(read(c.Filename))
			switch {
			case err == nil:
				fail(c, "%s accepted, want %q", c.Filename, c.Text)
			case c.Type == "assert_malformed" && !e.malformedIs(err):
				fail(c, "%s: got %v, want a malformed-module error (%q)", c.Filename, err, c.Text)
			case c.Type == "assert_invalid" && !e.invalidIs(err):
				fail(c, "%s: got %v, want an invalid-module error (%q)", c.Filename, err, c.Text)
			default:
				res.passed++
			}
		case "assert_unlinkable", "assert_uninstantiable":
			_, err := e.instantiate("", read(c.Filename))
			if err == nil {
				fail(c, "%s instantiated, want %q", c.Filename, c.Text)
			} else if !e.trapIs(err, c.Text) {
				fail(c, "%s: got %v, want %q", c.Filename, err, c.Text)
			} else {
				res.passed++
			}
		default:
			fail(c, "unknown command type")
		}
	}
}

// report prints the closing line; callers decide which failures to show.
func report(t *testing.T, e engine, res result) {
	// The closing line, one per engine (the subtest name says which).
	fmt.Printf("spectest: %d passed, %d failed\n", res.passed, res.failed)
}
