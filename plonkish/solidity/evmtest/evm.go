package evmtest

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm/runtime"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// GasLimit is the gas given to every deployment and call.
const GasLimit = 30_000_000

// EVM is an in-memory chain state with Prague rules (precompiles 0x01–0x11,
// of which the verifiers use 0x05–0x08).
type EVM struct {
	cfg *runtime.Config
}

// PragueConfig is a chain configuration with every fork up to Prague active
// from genesis (and not Osaka).
func PragueConfig() *params.ChainConfig {
	zero := uint64(0)
	return &params.ChainConfig{
		ChainID:                 big.NewInt(1337),
		HomesteadBlock:          new(big.Int),
		EIP150Block:             new(big.Int),
		EIP155Block:             new(big.Int),
		EIP158Block:             new(big.Int),
		ByzantiumBlock:          new(big.Int),
		ConstantinopleBlock:     new(big.Int),
		PetersburgBlock:         new(big.Int),
		IstanbulBlock:           new(big.Int),
		MuirGlacierBlock:        new(big.Int),
		BerlinBlock:             new(big.Int),
		LondonBlock:             new(big.Int),
		TerminalTotalDifficulty: big.NewInt(0),
		ShanghaiTime:            &zero,
		CancunTime:              &zero,
		PragueTime:              &zero,
		BlobScheduleConfig: &params.BlobScheduleConfig{
			Cancun: params.DefaultCancunBlobConfig,
			Prague: params.DefaultPragueBlobConfig,
		},
	}
}

// NewEVM returns an empty chain state with a funded origin account.
func NewEVM() (*EVM, error) {
	db, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	if err != nil {
		return nil, fmt.Errorf("evmtest: state: %w", err)
	}
	origin := common.HexToAddress("0x00000000000000000000000000000000000a11ce")
	db.SetBalance(origin, uint256.NewInt(1e18), tracing.BalanceChangeUnspecified)
	cfg := &runtime.Config{
		ChainConfig: PragueConfig(),
		Origin:      origin,
		GasLimit:    GasLimit,
		BlockNumber: big.NewInt(1),
		Time:        1,
		State:       db,
	}
	return &EVM{cfg: cfg}, nil
}

// Deploy runs init code and returns the new contract's address and the gas
// its execution used (without the transaction's intrinsic cost).
func (e *EVM) Deploy(initCode []byte) (common.Address, uint64, error) {
	_, addr, left, err := runtime.Create(initCode, e.cfg)
	if err != nil {
		return addr, GasLimit - left, fmt.Errorf("evmtest: deploy: %w", err)
	}
	return addr, GasLimit - left, nil
}

// Call calls addr with input and returns the output and the gas execution
// used (without the intrinsic cost; see IntrinsicGas).
func (e *EVM) Call(addr common.Address, input []byte) ([]byte, uint64, error) {
	ret, left, err := runtime.Call(addr, input, e.cfg)
	if err != nil {
		return ret, GasLimit - left, fmt.Errorf("evmtest: call: %w", err)
	}
	return ret, GasLimit - left, nil
}

// IntrinsicGas is what a transaction carrying input pays before execution
// (21000 + calldata, EIP-2028 pricing with the EIP-7623 floor ignored).
func IntrinsicGas(input []byte) uint64 {
	g := uint64(21000)
	for _, b := range input {
		if b == 0 {
			g += 4
		} else {
			g += 16
		}
	}
	return g
}

// Selector is the 4-byte ABI function selector of signature.
func Selector(signature string) []byte { return crypto.Keccak256([]byte(signature))[:4] }
