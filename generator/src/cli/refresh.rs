//! `refresh`: a scheduled job's whole work but opening the pull request. Fetch the newest
//! upstream spec (the config's `upstream.url`, or `--from`), refresh the spec (an excerpt of the
//! selected operations when `upstream.excerpt` is set), regenerate (the version bumped by the
//! verdict, a changelog section prepended), run the drift check and the contract, and write the
//! pull request's title and body.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::args::CrateArgs;
use super::contract::{ContractArgs, Modes};
use super::{Invocation, fail, read, write_atomically};
use crate::release::Recorded;
use crate::settings::Settings;

#[derive(Args, Clone, Debug)]
pub struct RefreshArgs {
    /// The config file [default: atlas-codegen.toml in the current folder or a parent].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Read the newest upstream spec from this file instead of downloading `upstream.url`.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Which contract runs prove the regenerated crate (`none`: no proof; it needs npm for Prism).
    #[arg(long, value_enum, default_value_t = Proof::Static)]
    pub contract: Proof,
    /// The `prism` executable for the contract [default: installed with npm under target/contract].
    #[arg(long, value_name = "FILE")]
    pub prism: Option<PathBuf>,
    /// Where to write the pull request's `title.txt` and `body.md` [default:
    /// target/atlas-codegen-refresh beside the config].
    #[arg(long, value_name = "DIR")]
    pub pr_dir: Option<PathBuf>,
}

/// The contract runs of a refresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Proof {
    /// No contract run.
    None,
    /// Prism answering the spec's examples.
    Static,
    /// Prism answering data generated from the schemas.
    Dynamic,
    /// The hostile server.
    Hostile,
    /// All three.
    All,
}

pub(super) fn run(args: &RefreshArgs, invocation: &Invocation) -> ExitCode {
    let settings = match invocation.required_settings(args.config.as_deref()) {
        Ok(settings) => settings,
        Err(message) => return fail(message),
    };
    let pr_dir = args
        .pr_dir
        .clone()
        .unwrap_or_else(|| settings.root.join("target/atlas-codegen-refresh"));
    let (before, after) = match refresh_spec(&settings, args) {
        Ok(Some(texts)) => texts,
        Ok(None) => {
            eprintln!(
                "{} is up to date with upstream: nothing to refresh",
                settings.display(&settings.spec)
            );
            return ExitCode::SUCCESS;
        }
        Err(message) => return fail(message),
    };
    let crate_args = CrateArgs {
        config: args.config.clone(),
        previous_spec: None,
        ..CrateArgs::default()
    };
    // The spec before, for the change report: the repository may have no git history.
    let previous = pr_dir.join("previous-spec.yaml");
    let staged = std::fs::create_dir_all(&pr_dir).and_then(|()| match &before {
        Some(before) => std::fs::write(&previous, before),
        None => Ok(()),
    });
    if let Err(error) = staged {
        return fail(format!(
            "cannot write {}: {error}",
            settings.display(&previous)
        ));
    }
    let generate_args = CrateArgs {
        previous_spec: before.is_some().then(|| previous.clone()),
        ..crate_args.clone()
    };
    let generated = super::generate::run(&generate_args, false, invocation);
    if generated != ExitCode::SUCCESS {
        // Leave the repository as it was: the crate is untouched, the spec goes back.
        if let Some(before) = &before {
            let _ = write_atomically(&settings.spec, before);
        }
        return generated;
    }
    let checked = super::generate::run(&crate_args, true, invocation);
    if checked != ExitCode::SUCCESS {
        return checked;
    }
    let mode = match args.contract {
        Proof::None => None,
        Proof::Static => Some(Modes::Static),
        Proof::Dynamic => Some(Modes::Dynamic),
        Proof::Hostile => Some(Modes::Hostile),
        Proof::All => Some(Modes::All),
    };
    if let Some(mode) = mode {
        let contract = ContractArgs::for_config(args.config.clone(), mode, args.prism.clone());
        let proved = super::contract::run(&contract, invocation);
        if proved != ExitCode::SUCCESS {
            return proved;
        }
    }
    match pull_request(&settings, &pr_dir, before.as_deref(), &after) {
        Ok(title) => {
            println!("{title}");
            eprintln!(
                "pull request: {} and {}",
                settings.display(&pr_dir.join("title.txt")),
                settings.display(&pr_dir.join("body.md"))
            );
            ExitCode::SUCCESS
        }
        Err(message) => fail(message),
    }
}

/// Writes the refreshed spec; gives its text before (`None`: a new file) and after, or `None`
/// when upstream brings nothing new.
fn refresh_spec(
    settings: &Settings,
    args: &RefreshArgs,
) -> Result<Option<(Option<String>, String)>, String> {
    let (upstream, upstream_name) = match (&args.from, &settings.upstream.url) {
        (Some(from), _) => {
            let shown = settings.display(from);
            (read(from, &shown, "upstream spec")?, shown)
        }
        (None, Some(url)) => {
            eprintln!("downloading {url}");
            (super::fetch::fetch(url)?, url.clone())
        }
        (None, None) => {
            return Err(
                "the config has no upstream.url to fetch the newest spec from: add one, or pass --from FILE"
                    .to_owned(),
            );
        }
    };
    let spec_display = settings.display(&settings.spec);
    let before = std::fs::read_to_string(&settings.spec).ok();
    let after = if settings.upstream.excerpt {
        let selection = (settings.operations.clone(), settings.tags.clone());
        super::excerpt::cut(
            &upstream,
            &upstream_name,
            before.as_deref(),
            &spec_display,
            &selection,
        )?
        .text()
        .to_owned()
    } else {
        upstream
    };
    if before.as_deref() == Some(after.as_str()) {
        return Ok(None);
    }
    write_atomically(&settings.spec, &after)
        .map_err(|e| format!("{spec_display}: cannot write the spec: {e}"))?;
    eprintln!("wrote {spec_display} from {upstream_name}");
    Ok(Some((before, after)))
}

/// Writes the pull request's `title.txt` (the crate, its new version, the spec's version and the
/// verdict) and `body.md` (the changelog section, then the whole change report); gives the title.
fn pull_request(
    settings: &Settings,
    pr_dir: &std::path::Path,
    before: Option<&str>,
    after: &str,
) -> Result<String, String> {
    let recorded = Recorded::read(&settings.output)
        .map_err(|error| error.to_string())?
        .ok_or("the regenerated crate has no Cargo.toml")?;
    let spec_display = settings.display(&settings.spec);
    let changelog =
        std::fs::read_to_string(settings.output.join("CHANGELOG.md")).unwrap_or_default();
    let section = newest_section(&changelog);
    let (verdict, report) = match before {
        Some(before) => {
            let config = settings.config(&recorded.version, "");
            let report = crate::diff::compare_for(&config, before, "before", after, &spec_display)
                .map_err(|error| error.to_string())?;
            (format!("semver {}", report.verdict()), Some(report))
        }
        None => ("first release".to_owned(), None),
    };
    let sha = recorded.spec_sha256.as_deref().unwrap_or_default();
    let title = format!(
        "{} {}: API version {} (spec sha256 {}), {verdict}",
        recorded.name,
        recorded.version,
        recorded.spec_version.as_deref().unwrap_or("?"),
        sha.get(..12).unwrap_or(sha)
    );
    let mut body = format!("{section}\n");
    if let Some(report) = report {
        body.push_str("\n<details><summary>The whole change report</summary>\n\n");
        body.push_str(
            &report
                .to_markdown()
                .replacen("# API changes", "## API changes", 1),
        );
        body.push_str("\n</details>\n");
    }
    let write = |name: &str, text: &str| {
        let path = pr_dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write("title.txt", &format!("{title}\n"))?;
    write("body.md", &body)?;
    Ok(title)
}

/// The first `## ` section of a changelog.
fn newest_section(changelog: &str) -> &str {
    let start = changelog.find("## ").unwrap_or(changelog.len());
    let rest = changelog.get(start..).unwrap_or_default();
    let end = rest
        .get(3..)
        .and_then(|tail| tail.find("\n## "))
        .map_or(rest.len(), |at| at + 4);
    rest.get(..end).unwrap_or(rest).trim_end()
}
