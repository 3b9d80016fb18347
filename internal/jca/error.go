// Package jca owns the domain of the Joint Coordination Activity: the
// activity register and its vocabulary (study groups, organizations, aspects,
// statuses, WSIS action lines), validation, the store interfaces the rest of
// the bot programs against, and the coded Error that carries a refusal to the
// person who caused it. It imports only the standard library.
package jca

import (
	"errors"
	"fmt"
)

// Code classifies an error for the person who sees it.
type Code string

const (
	EInvalid   Code = "invalid"   // the request is malformed or breaks a rule
	ENotFound  Code = "not_found" // the thing named does not exist
	EForbidden Code = "forbidden" // the person may not do this
	EConflict  Code = "conflict"  // the request clashes with the current state
	EInternal  Code = "internal"  // our fault; the person can only retry
)

// Error is a refusal meant for a person. Key names a message in the
// catalog; Args are its name/value arguments. The message is translated at
// the edge, in the person's language.
type Error struct {
	Code Code
	Key  string
	Args []any
	// Suggest lists valid words near what the person typed ("did you mean").
	Suggest []string
}

// WithSuggestions sets the "did you mean" candidates and returns e.
func (e *Error) WithSuggestions(words ...string) *Error {
	e.Suggest = words
	return e
}

// Errorf returns an *Error with the catalog key and name/value arguments.
func Errorf(code Code, key string, kv ...any) *Error {
	return &Error{Code: code, Key: key, Args: kv}
}

func (e *Error) Error() string {
	return fmt.Sprintf("jca %s: %s %v", e.Code, e.Key, e.Args)
}

// ErrorCode returns the code of err: the code of an *Error in its chain,
// EInternal for any other non-nil error, "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// MsgKey is a catalog key passed as an argument of another message, so that
// it is translated too: Errorf(..., "field", FieldName("title")).
type MsgKey string

// CatalogKey returns the key; the catalog renders it in the person's language.
func (k MsgKey) CatalogKey() string { return string(k) }

// FieldName names a field of a record in messages: "field.<name>".
func FieldName(name string) MsgKey { return MsgKey("field." + name) }
