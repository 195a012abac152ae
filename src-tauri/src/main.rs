// No console window behind the app on Windows in release builds (debug keeps it, for
// the log).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    xungkich_desktop_lib::run();
}
