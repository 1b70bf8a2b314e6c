fn main() {
    omni_desk::start();
}
