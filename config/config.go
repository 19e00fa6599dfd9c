package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"
)

// Keys of the configuration, as written in zkwasm.yaml. The environment variable of a
// key is ZKWASM_ followed by the key in upper case (ZKWASM_MAX_STEPS); the flag is the
// key with '-' for '_' (--max-steps).
const (
	KeyEntry        = "entry"
	KeyPublic       = "public"
	KeyPrivate      = "private"
	KeyMaxSteps     = "max_steps"
	KeyStrictInputs = "strict_inputs"
	KeyInvoke       = "invoke"
	KeyArg          = "arg"
	KeyWazero       = "wazero"
	KeyK            = "k"
	KeySRS          = "srs"
	KeySeed         = "seed"
	KeyCacheDir     = "cache_dir"
	KeyOut          = "out"
	KeyVK           = "vk"
	KeyOutput       = "output"
	KeyStackSize    = "stack_size"
	KeyQuiet        = "quiet"
	KeyJSON         = "json"
	KeyProgress     = "progress"
)

// FileName is the configuration file looked up in the working directory.
const FileName = "zkwasm.yaml"

// EnvPrefix prefixes every environment variable.
const EnvPrefix = "ZKWASM"

// MaxK is the largest circuit size, 2^MaxK rows (kzg.MaxLogSize).
const MaxK = 28

// Progress modes.
const (
	ProgressAuto   = "auto"   // on stderr when it is a terminal
	ProgressAlways = "always" // on stderr even when it is not a terminal
	ProgressNever  = "never"
)

// Config is every setting zkwasm reads. Add fields here (with a default in Default and a
// check in Validate); keep it flat. Every field's mapstructure tag is its key.
type Config struct {
	// Entry is the exported function run as the guest's main: no params, no results.
	Entry string `mapstructure:"entry"`
	// Public and Private are input specs (see package wasm/host, ParseInput), in order.
	Public  []string `mapstructure:"public"`
	Private []string `mapstructure:"private"`
	// MaxSteps bounds the number of executed instructions of one run (0: no bound).
	MaxSteps uint64 `mapstructure:"max_steps"`
	// StrictInputs makes `run` fail when inputs are left unread (prove always does).
	StrictInputs bool `mapstructure:"strict_inputs"`
	// Invoke, Arg, Wazero: `run` only (call another export with arguments; use wazero).
	Invoke string   `mapstructure:"invoke"`
	Arg    []string `mapstructure:"arg"`
	Wazero bool     `mapstructure:"wazero"`

	// K is log2 of the circuit's rows; 0 picks the smallest k the run fits in.
	K int `mapstructure:"k"`
	// SRS is the path of an SRS file (`zkwasm srs new/import`); "" uses a cached
	// insecure test SRS, with a warning.
	SRS string `mapstructure:"srs"`
	// Seed derives the insecure test SRS (srs new, and prove/setup without srs).
	Seed string `mapstructure:"seed"`
	// CacheDir holds cached keys and test SRSs; "" is $ZKWASM_CACHE_DIR or
	// <user cache dir>/zkwasm.
	CacheDir string `mapstructure:"cache_dir"`
	// Out is the output: a directory for setup and prove, a file for solidity and srs.
	Out string `mapstructure:"out"`
	// VK is a verifying key file for verify and solidity (instead of the module).
	VK string `mapstructure:"vk"`
	// Output lists the public outputs verify expects (specs like public's).
	Output []string `mapstructure:"output"`
	// StackSize is the number of value-stack slots of the circuit's image.
	StackSize int `mapstructure:"stack_size"`
	// Quiet suppresses progress and warnings; JSON prints a machine-readable result.
	Quiet bool `mapstructure:"quiet"`
	JSON  bool `mapstructure:"json"`
	// Progress is auto, always or never.
	Progress string `mapstructure:"progress"`
}

// DefaultSeed is the seed of the default insecure test SRS.
const DefaultSeed = "zkwasm insecure test SRS"

// Default returns the default configuration.
func Default() Config {
	return Config{
		Entry:     "zkmain",
		Public:    []string{},
		Private:   []string{},
		MaxSteps:  1 << 32,
		Arg:       []string{},
		Seed:      DefaultSeed,
		Output:    []string{},
		StackSize: 1024,
		Progress:  ProgressAuto,
	}
}

// Keys returns every key, sorted.
func Keys() []string {
	t := reflect.TypeOf(Config{})
	var ks []string
	for i := 0; i < t.NumField(); i++ {
		ks = append(ks, t.Field(i).Tag.Get("mapstructure"))
	}
	sort.Strings(ks)
	return ks
}

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid configuration")

var identRE = regexp.MustCompile(`^[^\x00-\x1f]+$`)

// Validate checks every field and returns all problems at once, each naming its key.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...))
	}
	if c.Entry == "" || !identRE.MatchString(c.Entry) {
		bad("%s must be a non-empty export name, got %q", KeyEntry, c.Entry)
	}
	for _, list := range []struct {
		key   string
		specs []string
	}{{KeyPublic, c.Public}, {KeyPrivate, c.Private}, {KeyOutput, c.Output}} {
		for i, s := range list.specs {
			s = strings.TrimSpace(s)
			if s == "" || (!strings.HasPrefix(s, "@") && !strings.Contains(s, ":")) {
				bad("%s[%d] = %q: want VALUE:TYPE or @FILE", list.key, i, s)
			}
		}
	}
	if c.K < 0 || c.K > MaxK {
		bad("%s = %d: want 0 (automatic) or 1..%d", KeyK, c.K, MaxK)
	}
	if c.StackSize < 1 || c.StackSize > 1<<20 {
		bad("%s = %d: want 1..%d", KeyStackSize, c.StackSize, 1<<20)
	}
	switch c.Progress {
	case ProgressAuto, ProgressAlways, ProgressNever:
	default:
		bad("%s = %q: want auto, always or never", KeyProgress, c.Progress)
	}
	if c.Seed == "" {
		bad("%s must not be empty", KeySeed)
	}
	return errors.Join(errs...)
}

// NewViper returns a viper instance with zkwasm's defaults and environment binding.
// cmd binds its flags to it and calls Load.
func NewViper() *viper.Viper {
	v := viper.New()
	d := reflect.ValueOf(Default())
	t := d.Type()
	for i := 0; i < t.NumField(); i++ {
		v.SetDefault(t.Field(i).Tag.Get("mapstructure"), d.Field(i).Interface())
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	return v
}

// Load reads the configuration file (path, or ./zkwasm.yaml if path is "" and the file
// exists), merges environment and bound flags, and returns the validated Config.
// Precedence, highest first: flags, ZKWASM_* environment variables, the file, defaults.
func Load(v *viper.Viper, path string) (Config, error) {
	v.SetConfigType("yaml")
	if path == "" {
		if _, err := os.Stat(FileName); err == nil {
			path = FileName
		}
	}
	if path != "" {
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("read config %s: %w", path, err)
		}
		if err := checkKnownKeys(v); err != nil {
			return Config{}, fmt.Errorf("config %s: %w", path, err)
		}
	}
	var c Config
	if err := v.Unmarshal(&c, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		splitListHook, mapstructure.StringToTimeDurationHookFunc()))); err != nil {
		return Config{}, fmt.Errorf("%w: %v", ErrInvalid, oneLine(err))
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

func oneLine(err error) string {
	s := strings.ReplaceAll(err.Error(), "\n", "; ")
	return strings.Join(strings.Fields(s), " ")
}

// checkKnownKeys refuses keys in the file that Config does not have (a typo would
// otherwise be silently ignored).
func checkKnownKeys(v *viper.Viper) error {
	known := map[string]bool{}
	for _, k := range Keys() {
		known[k] = true
	}
	for _, k := range ExtraKeys {
		known[k] = true
	}
	var unknown []string
	for _, k := range v.AllKeys() {
		if !known[k] && v.InConfig(k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	if len(unknown) > 0 {
		return fmt.Errorf("%w: unknown keys %s (known: %s)", ErrInvalid, strings.Join(unknown, ", "), strings.Join(Keys(), ", "))
	}
	return nil
}

// ExtraKeys lists further keys accepted in zkwasm.yaml (for settings read by other
// commands through the same viper instance).
var ExtraKeys []string

// splitListHook decodes a string into a []string by splitting at commas and white space,
// so ZKWASM_PUBLIC="5:i64 0x01:bytes" (or "5:i64,0x01:bytes") gives two specs.
func splitListHook(from, to reflect.Type, data any) (any, error) {
	if from.Kind() != reflect.String || to != reflect.TypeOf([]string{}) {
		return data, nil
	}
	return strings.FieldsFunc(data.(string), func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n'
	}), nil
}
