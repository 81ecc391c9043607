//! Text fields that show the project's value and keep what the user types only while they type.
//!
//! A field shows the model's value unless it has keyboard focus. The text typed into it lives in
//! its owner's [`Drafts`] while it has focus, and comes back as [`Typed`] when the user leaves the
//! field (Tab, a click elsewhere, Enter in a single line, the field going away), for the owner to
//! check and commit as one edit. Undo, redo, an import or another view changing the value is
//! therefore shown at once, and clicking into a field and out again changes nothing.
//!
//! Every field's id comes from its key (which names the annotation, label or setting and the
//! field), so a draft is only ever shown in the field it was typed in.

use std::hash::Hash;

use egui::{Context, Id, Response, TextEdit, Ui};

use super::command::Command;

/// What the user typed into a field they changed and then left, for the owner to commit.
#[derive(Debug)]
pub struct Typed<K> {
    pub key: K,
    pub text: String,
}

/// The field being typed in.
struct Editing<K> {
    id: Id,
    key: K,
    text: String,
    /// Whether the user changed the text: until then the field follows the model.
    touched: bool,
    /// Why the value was refused the last time the user left the field.
    error: Option<String>,
}

/// A value refused when the user left its field: it stays there with its error until the user
/// fixes it, the model's value under it changes, or the field is no longer drawn.
struct Rejected {
    id: Id,
    text: String,
    error: String,
    /// The model's value when it was refused.
    base: String,
    /// The pass that last drew it.
    shown: u64,
}

/// One owner's drafts (the inspector's, a dialog's): the field being typed in, if any (only one
/// widget has the keyboard at a time), and the last value refused.
pub struct Drafts<K> {
    editing: Option<Editing<K>>,
    rejected: Option<Rejected>,
}

impl<K> Default for Drafts<K> {
    fn default() -> Self {
        Self {
            editing: None,
            rejected: None,
        }
    }
}

/// The response of a field, and what was typed into a field the user just left (this one, or
/// the owner's previous field when the keyboard moved straight here).
pub struct Shown<K> {
    pub response: Response,
    pub typed: Option<Typed<K>>,
}

impl<K: Clone + Hash + std::fmt::Debug> Drafts<K> {
    /// The widget id of the field with this key.
    pub fn id(key: &K) -> Id {
        Id::unique(("marginalia-draft", key))
    }

    /// A text field for `key` showing `current` (the model's value) unless the user is typing in
    /// it. `edit` makes the widget from its buffer (single or multiline, hint, width).
    pub fn field(
        &mut self,
        ui: &mut Ui,
        key: K,
        current: &str,
        edit: impl FnOnce(&mut String) -> TextEdit<'_>,
    ) -> Shown<K> {
        let id = Self::id(&key);
        if self
            .rejected
            .as_ref()
            .is_some_and(|r| r.id == id && r.base != current)
        {
            self.rejected = None; // the value changed under it (undo, another view)
        }
        let mut text = self.typing(&key).unwrap_or(current).to_owned();
        let response = ui.add(edit(&mut text).id(id));
        let changed = response.changed();
        let focused = ui.memory(|memory| memory.has_focus(id));
        let mine = self.editing.as_ref().is_some_and(|e| e.id == id);
        let mut typed = None;
        if focused && mine {
            let editing = self.editing.as_mut().expect("checked above");
            editing.text = text;
            editing.touched |= changed;
        } else if focused {
            typed = self.editing.take().and_then(Editing::typed);
            let resumed = self.rejected.take_if(|r| r.id == id);
            self.editing = Some(Editing {
                id,
                key,
                text,
                touched: changed || resumed.is_some(),
                error: resumed.map(|r| r.error),
            });
        } else if mine {
            let mut editing = self.editing.take().expect("checked above");
            editing.text = text;
            editing.touched |= changed;
            typed = editing.typed();
        } else if changed {
            // Set without the keyboard (by assistive technology): committed at once.
            typed = Some(Typed { key, text });
        } else if let Some(rejected) = self.rejected.as_mut().filter(|r| r.id == id) {
            rejected.shown = ui.ctx().cumulative_pass_nr();
        }
        Shown { response, typed }
    }

    /// Call once a frame after drawing the fields. Ends the draft of a field that lost the
    /// keyboard without being drawn since (its annotation was deselected, its window closed),
    /// and the one being typed in when a command queued this frame needs the project up to date
    /// (see [`queue`]). Drops a refused value whose field was not drawn.
    pub fn end_frame(&mut self, ctx: &Context, commands: &[Command]) -> Option<Typed<K>> {
        let pass = ctx.cumulative_pass_nr();
        if self.rejected.as_ref().is_some_and(|r| r.shown < pass) {
            self.rejected = None;
        }
        let editing = self.editing.as_ref()?;
        let focused = ctx.memory(|memory| memory.has_focus(editing.id));
        if focused && !commands.iter().any(needs_drafts_committed) {
            return None;
        }
        self.editing.take().and_then(Editing::typed)
    }

    /// Keeps `typed` in its field with `error`, since it cannot be committed; `current` is the
    /// model's value it would have replaced.
    pub fn reject(&mut self, ctx: &Context, typed: Typed<K>, current: &str, error: String) {
        self.rejected = Some(Rejected {
            id: Self::id(&typed.key),
            text: typed.text,
            error,
            base: current.to_owned(),
            shown: ctx.cumulative_pass_nr(),
        });
    }

    /// Forgets the error of `key`'s field: its value was accepted.
    pub fn accept(&mut self, key: &K) {
        let id = Self::id(key);
        if self.rejected.as_ref().is_some_and(|r| r.id == id) {
            self.rejected = None;
        }
        if let Some(editing) = self.editing.as_mut().filter(|e| e.id == id) {
            editing.error = None;
        }
    }

    /// Why the value in `key`'s field was refused, while it is still there.
    pub fn error(&self, key: &K) -> Option<&str> {
        let id = Self::id(key);
        match (&self.editing, &self.rejected) {
            (Some(editing), _) if editing.id == id => editing.error.as_deref(),
            (_, Some(rejected)) if rejected.id == id => Some(&rejected.error),
            _ => None,
        }
    }

    /// What `key`'s field holds while the user types in it (`None`: it shows the model's value).
    pub fn typing(&self, key: &K) -> Option<&str> {
        let id = Self::id(key);
        match (&self.editing, &self.rejected) {
            (Some(editing), _) if editing.id == id && editing.touched => Some(&editing.text),
            // Untouched, the field follows the model even over a value refused before.
            (Some(editing), _) if editing.id == id => None,
            (_, Some(rejected)) if rejected.id == id => Some(&rejected.text),
            _ => None,
        }
    }

    /// Whether the user has changed the field they are typing in.
    pub fn is_typing(&self) -> bool {
        self.editing.as_ref().is_some_and(|e| e.touched)
    }

    /// Takes the keyboard from the field being typed in, so that it commits when next drawn.
    pub fn release(&self, ctx: &Context) {
        if let Some(editing) = &self.editing {
            ctx.memory_mut(|memory| memory.surrender_focus(editing.id));
        }
    }
}

impl<K> Editing<K> {
    fn typed(self) -> Option<Typed<K>> {
        self.touched.then_some(Typed {
            key: self.key,
            text: self.text,
        })
    }
}

/// Commands that read or replace the whole project at once, or hide the inspector: text being
/// typed is committed before them, so that Ctrl+Z undoes the typing, Ctrl+S saves it and Quit
/// asks about it.
fn needs_drafts_committed(command: &Command) -> bool {
    matches!(
        command,
        Command::Undo
            | Command::Redo
            | Command::New
            | Command::Open
            | Command::OpenPath(_)
            | Command::Save
            | Command::SaveTo(_)
            | Command::Quit
            | Command::ToggleInspector
    )
}

/// Queues the command committing a draft, ahead of any command queued this frame that needs the
/// project up to date (a shortcut or a menu item, which are read before the fields are drawn).
pub fn queue(commands: &mut Vec<Command>, command: Command) {
    let at = commands
        .iter()
        .position(needs_drafts_committed)
        .unwrap_or(commands.len());
    commands.insert(at, command);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_go_before_the_commands_that_need_them() {
        let set = Command::ZoomIn;
        for (queued, expected) in [
            (vec![], vec![set.clone()]),
            (vec![Command::Undo], vec![set.clone(), Command::Undo]),
            (
                vec![Command::ZoomOut, Command::Save, Command::Redo],
                vec![Command::ZoomOut, set.clone(), Command::Save, Command::Redo],
            ),
            (vec![Command::ZoomOut], vec![Command::ZoomOut, set.clone()]),
        ] {
            let mut commands = queued;
            queue(&mut commands, set.clone());
            assert_eq!(commands, expected);
        }
    }
}
