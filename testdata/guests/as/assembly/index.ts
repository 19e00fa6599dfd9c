// AssemblyScript guest for zkwasm: a sieve of Eratosthenes.
// Public input: n (2 <= n <= 10000). Outputs: the number of primes <= n, the largest
// prime <= n, and the sum of all primes <= n (as i64). Integer-only; no floats.

@external("env", "wasm_input")
declare function wasm_input(isPublic: i32): i64;
@external("env", "wasm_output")
declare function wasm_output(v: i64): void;
@external("env", "require")
declare function require(cond: i32): void;

const MAXN: i32 = 10000;
const composite = new StaticArray<u8>(MAXN + 1);

export function zkmain(): void {
  const n = <i32>wasm_input(1);
  require(<i32>(n >= 2 && n <= MAXN));
  let count: i64 = 0;
  let largest: i64 = 0;
  let sum: i64 = 0;
  for (let i = 2; i <= n; i++) {
    if (unchecked(composite[i]) != 0) continue;
    count++;
    largest = i;
    sum += i;
    for (let j = i * i; j <= n; j += i) unchecked((composite[j] = 1));
  }
  wasm_output(count);
  wasm_output(largest);
  wasm_output(sum);
}
