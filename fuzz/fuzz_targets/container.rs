#![no_main]
// The body is in src/lib.rs, shared with the engine's corpus replay test.
libfuzzer_sys::fuzz_target!(|data: &[u8]| xungkich_fuzz::container(data));
