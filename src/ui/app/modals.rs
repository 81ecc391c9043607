//! The app's modal questions: a project that failed to open, unsaved changes, a recovery copy.

use std::path::Path;

use egui::Modal;

use super::{MarginaliaApp, Pending};
use crate::io::recovery;
use crate::ui::command::Command;
use crate::ui::session::Session;

impl MarginaliaApp {
    pub(super) fn modals_ui(&mut self, ctx: &egui::Context) {
        if let Some(error) = self.error.clone() {
            Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
                ui.heading("Could not open the project");
                ui.label(error);
                ui.label("Nothing was changed or overwritten.");
                if ui.button("OK").clicked() {
                    self.error = None;
                }
            });
        }
        if let Some(pending) = self.confirm.clone() {
            let action = match &pending {
                Pending::Quit => "closing",
                Pending::New => "starting a new project",
                Pending::Open | Pending::OpenPath(_) => "opening another project",
                Pending::OpenGold => "opening the new gold copy",
            };
            Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!(
                    "Save the changes to “{}” before {action}?",
                    self.session.project.name
                ));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        self.confirm = None;
                        self.after_save = Some(pending.clone());
                        self.commands.push(Command::Save);
                    }
                    if ui.button("Discard").clicked() {
                        self.confirm = None;
                        self.discard_recovery();
                        self.session.history.mark_saved();
                        self.perform(pending.clone(), ctx);
                    }
                    if ui.button("Cancel").clicked() {
                        self.confirm = None;
                    }
                });
            });
        }
        if let Some(path) = self.recovery_offer.clone() {
            Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
                ui.heading("Recover unsaved work?");
                ui.label("Marginalia found a recovery copy with changes that were never saved (perhaps after a crash).");
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        self.restore(&path);
                    }
                    if ui.button("Discard it").clicked() {
                        recovery::discard(&path);
                        self.recovery_offer = None;
                    }
                });
            });
        }
    }

    fn restore(&mut self, recovery_path: &Path) {
        self.recovery_offer = None;
        match recovery::load(recovery_path) {
            Ok(loaded) => {
                let path = self.session.path.clone();
                self.session = Session::new(loaded.project, path);
                self.session.history.mark_unsaved();
                self.curating.end();
                self.show_first_document();
                self.say("Restored the recovery copy; save to keep it");
            }
            Err(error) => self.fail(format!("Could not restore: {error}")),
        }
    }

    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if std::mem::take(&mut self.quit_when_typed) {
            // The field's text was committed this frame, ahead of this: Quit now sees it unsaved.
            self.commands.push(Command::Quit);
            return;
        }
        if !ctx.input(|i| i.viewport().close_requested()) || self.closing {
            return;
        }
        if ctx.text_edit_focused() {
            // Text being typed is committed when its field loses the keyboard: take it, and ask
            // again on the next frame, so closing the window never drops what was typed.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            ctx.memory_mut(|memory| {
                if let Some(id) = memory.focused() {
                    memory.surrender_focus(id);
                }
            });
            self.quit_when_typed = true;
            ctx.request_repaint();
            return;
        }
        if self.session.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Pending::Quit);
        }
    }
}
