//! A small JavaScript/TypeScript lexer for finding calls in source files:
//! comments and the insides of strings and template literals are blanked, so
//! `// betterAuth(` or `"createAuthClient("` never count as code. Regular
//! expression literals are not recognised; a quote inside one may hide the
//! rest of that line, which is safe for finding calls (it can only miss).

/// `text` with comments and string contents replaced by spaces (newlines kept,
/// so offsets and line numbers stay the same).
pub fn code_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let blank = |b: u8| if b == b'\n' { b'\n' } else { b' ' };
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        if b == b'/' && next == Some(b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                out.push(b' ');
                i += 1;
            }
        } else if b == b'/' && next == Some(b'*') {
            let end = text[i + 2..].find("*/").map_or(bytes.len(), |at| i + 2 + at + 2);
            out.extend(bytes[i..end].iter().map(|&c| blank(c)));
            i = end;
        } else if matches!(b, b'"' | b'\'' | b'`') {
            out.push(b);
            i += 1;
            while i < bytes.len() && bytes[i] != b {
                // A plain string ends at a line break; a template literal may span lines.
                if bytes[i] == b'\n' && b != b'`' {
                    break;
                }
                let step = if bytes[i] == b'\\' { 2 } else { 1 };
                for k in 0..step {
                    if let Some(&c) = bytes.get(i + k) {
                        out.push(blank(c));
                    }
                }
                i += step;
            }
            if i < bytes.len() && bytes[i] == b {
                out.push(b);
                i += 1;
            }
        } else {
            out.push(b);
            i += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces, and whole multi-byte
    // characters are either kept or blanked byte by byte.
    String::from_utf8(out).unwrap_or_default()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Byte offsets where `name(` is called (the name standing alone, optional
/// whitespace or type arguments before the parenthesis) in code from `code_only`.
pub fn calls(code: &str, name: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices(name) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == '.') {
            continue;
        }
        let rest = code[at + name.len()..].trim_start();
        let rest = if rest.starts_with('<') { rest.find('(').map_or("", |i| &rest[i..]) } else { rest };
        if rest.starts_with('(') && !code[at + name.len()..].starts_with(|c: char| is_ident(c)) {
            found.push(at);
        }
    }
    found
}

/// The name in `export const NAME = <call>(` for a call at `at`, when the
/// call's value is exported that way.
pub fn exported_as(code: &str, at: usize) -> Option<String> {
    let line_start = code[..at].rfind(['\n', ';']).map_or(0, |i| i + 1);
    let head = code[line_start..at].trim();
    let (exported, rest) = match head.strip_prefix("export") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, head),
    };
    let rest = rest.strip_prefix("const").or_else(|| rest.strip_prefix("let"))?.trim_start();
    let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
    let after = rest[name.len()..].trim_start();
    // `export const auth: Auth = betterAuth(` has a type between name and `=`.
    if name.is_empty() || !after.ends_with('=') {
        return None;
    }
    if exported {
        return Some(name);
    }
    // `const auth = betterAuth(...)` with `export { auth }` (or `auth as x`) elsewhere.
    code.match_indices("export {").find_map(|(i, _)| {
        let list = &code[i + "export {".len()..];
        let list = &list[..list.find('}')?];
        list.split(',').map(str::trim).find_map(|item| match item.split_once(" as ") {
            Some((local, exported)) if local.trim() == name => Some(exported.trim().to_string()),
            None if item == name => Some(name.clone()),
            _ => None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_strings_are_not_code() {
        let text = "// betterAuth(\nconst a = \"betterAuth(\";\n/* betterAuth( */ const b = `x ${1} betterAuth(`;\n";
        let code = code_only(text);
        assert_eq!(code.len(), text.len());
        assert!(calls(&code, "betterAuth").is_empty());
        assert_eq!(code.lines().count(), text.lines().count());
    }

    #[test]
    fn a_constant_exported_in_a_list_counts() {
        let text = "const auth = betterAuth({});\nexport { auth };\nexport default auth;\n";
        let code = code_only(text);
        assert_eq!(exported_as(&code, calls(&code, "betterAuth")[0]), Some("auth".into()));
        let text = "const instance = betterAuth({});\nexport { instance as auth };\n";
        let code = code_only(text);
        assert_eq!(exported_as(&code, calls(&code, "betterAuth")[0]), Some("auth".into()));
        let text = "const auth = betterAuth({});\n";
        let code = code_only(text);
        assert_eq!(exported_as(&code, calls(&code, "betterAuth")[0]), None);
    }

    #[test]
    fn calls_are_found_with_their_export() {
        let text =
            "import { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({\n  plugins: [jwt()],\n});\n";
        let code = code_only(text);
        let at = calls(&code, "betterAuth");
        assert_eq!(at.len(), 1);
        assert_eq!(exported_as(&code, at[0]).as_deref(), Some("auth"));
        assert_eq!(calls(&code, "jwt").len(), 1);
        assert!(calls("x.jwt()", "jwt").is_empty() && calls("myjwt()", "jwt").is_empty());
        assert_eq!(calls("createAuthClient<Foo>({})", "createAuthClient").len(), 1);
        let typed = code_only("export const auth: ReturnType<typeof betterAuth> = betterAuth({})");
        let at = *calls(&typed, "betterAuth").last().unwrap();
        assert_eq!(exported_as(&typed, at).as_deref(), Some("auth"));
        assert_eq!(exported_as("const auth = betterAuth(", 13), None);
    }
}
