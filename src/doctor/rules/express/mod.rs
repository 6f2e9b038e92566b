//! Better Auth mounted in a Node server.

use crate::doctor::Severity::Error;
use crate::doctor::rules::{Hit, Rule};

mod express_json_before_handler;

pub use express_json_before_handler::JSON_BEFORE_HANDLER;

pub const RULES: &[&Rule] = &[&JSON_BEFORE_HANDLER];
