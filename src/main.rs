//! The `brief` binary: parses arguments, runs a subcommand, maps errors to exit codes.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
