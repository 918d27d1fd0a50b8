//! The `brief` binary: parses arguments, runs a subcommand, maps errors to exit codes.

// Every line for people goes through `cli::output`, which cleans it and takes a closed pipe
// quietly; `println!` and friends would do neither.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
