//! The terminal prompts (dialoguer, drawn on stderr). Esc or Ctrl-C cancels.

use std::io::ErrorKind;

use console::Term;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, MultiSelect, Select};

use crate::answers::{Prompter, http_url};
use crate::error::{Error, Result};

pub struct TerminalPrompter {
    theme: ColorfulTheme,
    term: Term,
}

impl Default for TerminalPrompter {
    fn default() -> Self {
        TerminalPrompter { theme: ColorfulTheme::default(), term: Term::stderr() }
    }
}

fn cancelled(error: dialoguer::Error) -> Error {
    match error {
        dialoguer::Error::IO(e) if e.kind() == ErrorKind::Interrupted => Error::Cancelled,
        dialoguer::Error::IO(e) => Error::Other(anyhow::anyhow!("cannot read the answer: {e}")),
    }
}

impl Prompter for TerminalPrompter {
    fn select(&mut self, prompt: &str, items: &[&str], default: usize) -> Result<usize> {
        Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .interact_on_opt(&self.term)
            .map_err(cancelled)?
            .ok_or(Error::Cancelled)
    }

    fn input_url(&mut self, prompt: &str, default: &str) -> Result<String> {
        Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            .default(default.to_string())
            .validate_with(|value: &String| http_url("URL", value, false).map(|_| ()).map_err(|e| e.to_string()))
            .interact_text_on(&self.term)
            .map_err(cancelled)
    }

    fn input(
        &mut self,
        prompt: &str,
        default: &str,
        check: &dyn Fn(&str) -> std::result::Result<(), String>,
    ) -> Result<String> {
        Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            .default(default.to_string())
            .validate_with(|value: &String| check(value))
            .interact_text_on(&self.term)
            .map_err(cancelled)
    }

    fn multi_select(&mut self, prompt: &str, items: &[&str], chosen: &[bool]) -> Result<Vec<usize>> {
        MultiSelect::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(items)
            .defaults(chosen)
            .interact_on_opt(&self.term)
            .map_err(cancelled)?
            .ok_or(Error::Cancelled)
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        Confirm::with_theme(&self.theme)
            .with_prompt(prompt)
            .default(default)
            .interact_on_opt(&self.term)
            .map_err(cancelled)?
            .ok_or(Error::Cancelled)
    }
}
