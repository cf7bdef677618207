// A module without a capture entry.
func.func @f() {
  return
}
