//! How authgen meets the user's terminal and launcher: colours (`--color`,
//! `NO_COLOR`, `FORCE_COLOR`), the command that ran it (`npx authgen`,
//! `pnpm dlx authgen`, …, read from `npm_config_user_agent`), and the
//! package-manager programs started in a way that works on Windows too.

use std::process::Command;

use crate::cli::ColorChoice;
use crate::detect::PackageManager;

/// Whether output is coloured, from the flag and the environment: `--color
/// always|never` wins; then `NO_COLOR` (any value) turns colours off and
/// `FORCE_COLOR` (other than `0` or `false`) turns them on; else colours
/// follow whether each stream is a terminal.
pub fn colors(choice: ColorChoice, env: &dyn Fn(&str) -> Option<String>) -> Option<bool> {
    match choice {
        ColorChoice::Always => Some(true),
        ColorChoice::Never => Some(false),
        ColorChoice::Auto if env("NO_COLOR").is_some_and(|v| !v.is_empty()) => Some(false),
        ColorChoice::Auto => match env("FORCE_COLOR").as_deref() {
            Some("0" | "false") => Some(false),
            Some(_) => Some(true),
            None => None,
        },
    }
}

/// Applies `colors` to stdout and stderr (None: the terminal decides).
pub fn set_colors(choice: ColorChoice) {
    if let Some(on) = colors(choice, &|key| std::env::var(key).ok()) {
        console::set_colors_enabled(on);
        console::set_colors_enabled_stderr(on);
    }
}

/// The package manager whose runner started authgen (`npx`, `pnpm dlx`,
/// `bunx`, `yarn dlx`), from `npm_config_user_agent`.
pub fn launched_by(user_agent: Option<&str>) -> Option<PackageManager> {
    user_agent.and_then(PackageManager::named_in)
}

fn user_agent() -> Option<String> {
    std::env::var("npm_config_user_agent").ok()
}

/// The package manager a repository without lockfile or `packageManager`
/// uses: the one that ran authgen, else npm.
pub fn default_package_manager() -> PackageManager {
    launched_by(user_agent().as_deref()).unwrap_or(PackageManager::Npm)
}

/// How to run authgen again, as the user did: `npx authgen`, `pnpm dlx
/// authgen`, `bunx authgen`, `yarn dlx authgen`, or `authgen`.
pub fn command(user_agent: Option<&str>) -> &'static str {
    match launched_by(user_agent) {
        Some(PackageManager::Npm) => "npx authgen",
        Some(PackageManager::Pnpm) => "pnpm dlx authgen",
        Some(PackageManager::Bun) => "bunx authgen",
        Some(PackageManager::Yarn) => "yarn dlx authgen",
        None => "authgen",
    }
}

/// `command` for this process.
pub fn authgen() -> &'static str {
    command(user_agent().as_deref())
}

/// A program by name. On Windows npm, pnpm, yarn and npx are `.cmd` shims that
/// `CreateProcess` does not find, so they run through `cmd /C`.
pub fn program(name: &str) -> Command {
    if cfg!(windows) && ["npm", "npx", "pnpm", "yarn", "bun", "bunx"].contains(&name) {
        let mut command = Command::new("cmd");
        command.args(["/C", name]);
        command
    } else {
        Command::new(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_string())
    }

    #[test]
    fn the_flag_wins_then_no_color_then_force_color() {
        assert_eq!(colors(ColorChoice::Always, &env(&[("NO_COLOR", "1")])), Some(true));
        assert_eq!(colors(ColorChoice::Never, &env(&[("FORCE_COLOR", "1")])), Some(false));
        assert_eq!(colors(ColorChoice::Auto, &env(&[("NO_COLOR", "1"), ("FORCE_COLOR", "1")])), Some(false));
        assert_eq!(colors(ColorChoice::Auto, &env(&[("FORCE_COLOR", "1")])), Some(true));
        assert_eq!(colors(ColorChoice::Auto, &env(&[("FORCE_COLOR", "0")])), Some(false));
        assert_eq!(colors(ColorChoice::Auto, &env(&[("NO_COLOR", "")])), None);
        assert_eq!(colors(ColorChoice::Auto, &env(&[])), None);
    }

    #[test]
    fn the_runner_comes_from_the_user_agent() {
        assert_eq!(command(Some("npm/11.6.2 node/v20.20.0 linux x64 workspaces/false")), "npx authgen");
        assert_eq!(command(Some("pnpm/10.18.0 npm/? node/v20.20.0 linux x64")), "pnpm dlx authgen");
        assert_eq!(command(Some("bun/1.3.0 npm/? node/v24.3.0 linux x64")), "bunx authgen");
        assert_eq!(command(Some("yarn/4.10.3 npm/? node/v20.20.0 linux x64")), "yarn dlx authgen");
        assert_eq!(command(None), "authgen");
        assert_eq!(command(Some("curl/8")), "authgen");
    }
}
