//! Paths relative to the repository root, always with `/`.

/// `a/b` without `./` noise.
pub fn join(dir: &str, rest: &str) -> String {
    let parts: Vec<&str> = dir.split('/').chain(rest.split('/')).filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.is_empty() { ".".to_string() } else { parts.join("/") }
}

/// `path` (relative to the repository root) as seen from the folder `dir`
/// (also relative to the root): `relative_to("web/app", "web/lib/auth")` is
/// `../lib/auth`.
pub fn relative_to(dir: &str, path: &str) -> String {
    let parts = |p: &str| p.split('/').filter(|x| !x.is_empty() && *x != ".").map(str::to_string).collect::<Vec<_>>();
    let (from, to) = (parts(dir), parts(path));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<String> = vec!["..".to_string(); from.len() - common];
    out.extend(to[common..].iter().cloned());
    if out.is_empty() { ".".to_string() } else { out.join("/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined_and_related_without_dot_segments() {
        assert_eq!(join("backend", "./auth/config.js"), "backend/auth/config.js");
        assert_eq!(join("backend/.", "auth"), "backend/auth");
        assert_eq!(join(".", "lib"), "lib");
        assert_eq!(relative_to("web/app/api/auth/[...all]", "web/lib/auth"), "../../../../lib/auth");
        assert_eq!(relative_to("web/lib", "packages/auth/src/index"), "../../packages/auth/src/index");
        assert_eq!(relative_to(".", "api/auth"), "api/auth");
        assert_eq!(relative_to("apps/api", "apps/api/app/auth"), "app/auth");
        assert_eq!(relative_to("web", "web"), ".");
    }
}
