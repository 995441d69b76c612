//! `atlas-codegen`, the command-line tool: see `atlas-codegen --help` and [`atlas_codegen::cli`].

// Generation allocates millions of small, short-lived values (tokens, syntax trees, strings) from
// two threads; mimalloc is much faster at that than the system allocator (see `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    atlas_codegen::cli::main()
}
