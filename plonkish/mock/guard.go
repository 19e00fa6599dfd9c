package mock

import (
	"fmt"
	"reflect"
)

// checkedFields are the ConstraintSystem fields this MockProver checks (or that hold no
// constraint of their own).
var checkedFields = map[string]bool{"Gates": true, "Tables": true, "Lookups": true, "Shuffles": true, "Buses": true, "Equality": true}

// uncheckedConstraints returns the non-empty exported slice fields of the struct *v that
// are not in known: constraint kinds added to the IR after this checker was written.
// Verify refuses such systems, so that a new kind of constraint is never silently
// accepted.
func uncheckedConstraints(v any, known map[string]bool) []string {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil
	}
	rv = rv.Elem()
	var out []string
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Type().Field(i)
		if !f.IsExported() || known[f.Name] {
			continue
		}
		if fv := rv.Field(i); (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() > 0 {
			out = append(out, fmt.Sprintf("the constraint system has %d %s, which this MockProver does not check", fv.Len(), f.Name))
		}
	}
	return out
}
