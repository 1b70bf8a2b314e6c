//! The Local CRM page (`crm.html`): its own wasm, so the desk panel carries none of it.

fn main() {
    omni_desk::crm::start();
}
