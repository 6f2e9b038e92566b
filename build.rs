fn main() {
    // Embeds templates/ in the binary so authgen runs from any folder.
    minijinja_embed::embed_templates!("templates", &[".j2"][..]);
}
