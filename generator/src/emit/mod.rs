//! Stage 4: the model into the files of the generated crate: token streams handed to
//! [`crate::format`] to become source text, except for `models.rs` and the operation modules,
//! nearly all of a big crate, which are written as text in `prettyplease`'s layout by
//! [`crate::format::Writer`] (and `Cargo.toml`).
//!
//! Building, parsing and printing the code of a big API is most of the generator's time, and the
//! files do not depend on each other, so they are made in parallel: each file, and each chunk of
//! the (large) `models.rs`, is one [`Job`] run from start to end on one thread (token streams are
//! not `Send`). Results are put together by job order, so the output does not depend on timing.

mod crate_root;
mod docs;
mod errors;
mod examples;
mod models;
mod operations;
mod pages;
mod readme;
mod runtime;
mod security;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Config;
use crate::error::Error;
use crate::format::{self, Header};

use crate::surface::{Method, Surface};

/// How many types one job of `models.rs` formats: small enough to share the work between
/// threads, large enough that a job is worth its overhead.
const TYPES_PER_JOB: usize = 96;

/// A formatted piece of a generated file: the file's path, and its place among the file's parts.
type Piece = (String, usize, String);

/// What a job gives: formatted pieces of one or more files.
type JobResult = Result<Vec<Piece>, Error>;

/// A unit of work.
type Job<'a> = Box<dyn Fn() -> JobResult + Send + Sync + 'a>;

/// Every file the generator owns in the output directory, by path relative to it.
pub(crate) fn emit(
    surface: &Surface<'_>,
    config: &Config,
    spec_sha256: &str,
) -> Result<BTreeMap<String, String>, Error> {
    let api = surface.api;
    let header = Header {
        spec: &config.spec_display,
        command: &config.regenerate_command,
    };
    let features = &surface.features;
    // Each tag's operations, each as the methods of its versions.
    let mut by_tag: BTreeMap<&str, Vec<&[Method<'_>]>> = BTreeMap::new();
    for (operation, methods) in api.operations.iter().zip(&surface.methods) {
        by_tag
            .entry(operation.tag.as_str())
            .or_default()
            .push(methods);
    }
    let by_tag = &by_tag;

    let mut jobs: Vec<Job<'_>> = Vec::new();
    jobs.push(Box::new(move || {
        one("src/lib.rs", crate_root::lib_rs(surface, config))
    }));
    jobs.push(Box::new(move || {
        runtime::files(surface)?
            .into_iter()
            .map(|(path, file)| Ok((path.to_owned(), 0, format::body(&file))))
            .collect()
    }));
    jobs.push(Box::new(move || one("src/error.rs", errors::file(api))));
    jobs.push(Box::new(move || {
        one("src/security.rs", security::security_rs(api))
    }));
    jobs.push(Box::new(move || {
        one("src/servers.rs", security::servers_rs(api))
    }));
    // An API without types still gets its (empty) `models.rs`: one empty chunk.
    let chunks: Vec<&[_]> = if api.types.is_empty() {
        vec![&[]]
    } else {
        api.types.chunks(TYPES_PER_JOB).collect()
    };
    for (part, chunk) in chunks.into_iter().enumerate() {
        jobs.push(Box::new(move || {
            let decls = surface
                .decls
                .get(part * TYPES_PER_JOB..)
                .unwrap_or_default();
            let decls = decls.get(..chunk.len()).unwrap_or_default();
            let text = models::file(surface, decls, part == 0)?;
            Ok(vec![(
                "src/models.rs".to_owned(),
                part,
                format::spaced(&text),
            )])
        }));
    }
    for (tag, feature) in features.iter() {
        jobs.push(Box::new(move || {
            let operations = by_tag.get(tag).map(Vec::as_slice).unwrap_or_default();
            let path = format!("src/operations/{}.rs", feature.module.unraw());
            let text = format::spaced(&operations::file(surface, &path, tag, operations)?);
            Ok(vec![(path, 0, text)])
        }));
    }
    jobs.push(Box::new(move || {
        one(
            "src/operations/mod.rs",
            crate_root::operations_mod(features),
        )
    }));

    let mut parts: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for (path, part, text) in run_all(&jobs)? {
        parts.entry(path).or_default().push((part, text));
    }
    let mut files: BTreeMap<String, String> = parts
        .into_iter()
        .map(|(path, mut pieces)| {
            pieces.sort_by_key(|(part, _)| *part);
            let text = format::rust(&header, pieces.iter().map(|(_, text)| text.as_str()));
            (path, text)
        })
        .collect();
    files.insert(
        "Cargo.toml".to_owned(),
        format::toml(
            &header,
            &crate_root::cargo_toml(surface, config, spec_sha256),
        ),
    );
    // Markdown, without a header: it is what crates.io shows. Its last line says it is generated.
    files.insert("README.md".to_owned(), readme::readme(surface, config));
    files.insert(
        "rustfmt.toml".to_owned(),
        format::toml(&header, crate_root::RUSTFMT_TOML),
    );
    Ok(files)
}

/// The job result for a whole file made of `tokens`.
fn one(path: &str, tokens: proc_macro2::TokenStream) -> JobResult {
    Ok(vec![(
        path.to_owned(),
        0,
        format::body(&parse(path, tokens)?),
    )])
}

/// Runs `jobs` on as many threads as the machine has cores, and returns their pieces in job
/// order. The first error, in job order, wins.
fn run_all(jobs: &[Job<'_>]) -> Result<Vec<Piece>, Error> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<JobResult>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let (Some(job), Some(slot)) = (jobs.get(index), results.get(index)) else {
                break;
            };
            let result = job();
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(result);
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let mut pieces = Vec::new();
    for slot in results {
        match slot.into_inner().ok().flatten() {
            Some(result) => pieces.extend(result?),
            None => {
                return Err(Error::io(
                    "generator",
                    "internal error: a code generation job did not finish; please report this",
                ));
            }
        }
    }
    Ok(pieces)
}

/// Parses emitted tokens as a file. A failure is a bug in an emitter, reported as an error
/// naming the file rather than a panic.
fn parse(path: &str, tokens: proc_macro2::TokenStream) -> Result<syn::File, Error> {
    syn::parse2(tokens).map_err(|error| {
        Error::io(
            path,
            format!(
                "internal error: the generated code does not parse ({error}); please report this"
            ),
        )
    })
}
