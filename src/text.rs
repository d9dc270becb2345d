//! Text from DNS and messages shown as text: bidirectional overrides and control characters
//! would reorder or hide what is around them, so they are shown as visible escapes instead (the
//! engine's [`authlens_engine::text::visible`], which the CLI uses for its output too).

pub use authlens_engine::text::{visible, visible_lines};
