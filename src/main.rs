//! `xungkich`: the command line over the engine. See `src/cli/mod.rs`.

fn main() {
    std::process::exit(xungkich::cli::main());
}
