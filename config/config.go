package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
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
)

// FileName is the configuration file looked up in the working directory.
const FileName = "zkwasm.yaml"

// EnvPrefix prefixes every environment variable.
const EnvPrefix = "ZKWASM"

// Config is every setting zkwasm reads. Add fields here (with a default in Default and a
// check in Validate); keep it flat.
type Config struct {
	// Entry is the exported function run as the guest's main: no params, no results.
	Entry string `mapstructure:"entry"`
	// Public and Private are input specs (see package wasm/host, ParseInput), in order.
	Public  []string `mapstructure:"public"`
	Private []string `mapstructure:"private"`
	// MaxSteps bounds the number of executed instructions of one run (0: no bound).
	MaxSteps uint64 `mapstructure:"max_steps"`
	// StrictInputs makes a run fail when inputs are left unread.
	StrictInputs bool `mapstructure:"strict_inputs"`
}

// Default returns the default configuration.
func Default() Config {
	return Config{
		Entry:    "zkmain",
		Public:   []string{},
		Private:  []string{},
		MaxSteps: 1 << 32,
	}
}

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid configuration")

var identRE = regexp.MustCompile(`^[^\x00-\x1f]+$`)

// Validate checks every field and returns all problems at once.
func (c Config) Validate() error {
	var errs []error
	if c.Entry == "" || !identRE.MatchString(c.Entry) {
		errs = append(errs, fmt.Errorf("%w: %s must be a non-empty export name, got %q", ErrInvalid, KeyEntry, c.Entry))
	}
	for _, list := range []struct {
		key   string
		specs []string
	}{{KeyPublic, c.Public}, {KeyPrivate, c.Private}} {
		for i, s := range list.specs {
			s = strings.TrimSpace(s)
			if s == "" || (!strings.HasPrefix(s, "@") && !strings.Contains(s, ":")) {
				errs = append(errs, fmt.Errorf("%w: %s[%d] = %q: want VALUE:TYPE or @FILE", ErrInvalid, list.key, i, s))
			}
		}
	}
	return errors.Join(errs...)
}

// NewViper returns a viper instance with zkwasm's defaults and environment binding.
// cmd binds its flags to it and calls Load.
func NewViper() *viper.Viper {
	v := viper.New()
	d := Default()
	v.SetDefault(KeyEntry, d.Entry)
	v.SetDefault(KeyPublic, d.Public)
	v.SetDefault(KeyPrivate, d.Private)
	v.SetDefault(KeyMaxSteps, d.MaxSteps)
	v.SetDefault(KeyStrictInputs, d.StrictInputs)
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	return v
}

// Load reads the configuration file (path, or ./zkwasm.yaml if path is "" and the file
// exists), merges environment and bound flags, and returns the validated Config.
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
		return Config{}, fmt.Errorf("config: %w", err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// checkKnownKeys refuses keys in the file that Config does not have (a typo would
// otherwise be silently ignored). Keys owned by other commands may be added to known.
func checkKnownKeys(v *viper.Viper) error {
	known := map[string]bool{KeyEntry: true, KeyPublic: true, KeyPrivate: true, KeyMaxSteps: true, KeyStrictInputs: true}
	for _, k := range ExtraKeys {
		known[k] = true
	}
	var unknown []string
	for _, k := range v.AllKeys() {
		if !known[k] && v.InConfig(k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%w: unknown keys %s", ErrInvalid, strings.Join(unknown, ", "))
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
