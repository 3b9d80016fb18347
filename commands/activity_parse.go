package commands

import (
	"context"
	"strings"

	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/textfold"
)

// activityFlags reads the flags of add or update that need the store
// (run them before the store's transaction, then apply).
type activityFlags struct {
	group *jca.Body
}

func (c *Call) readActivityFlags(ctx context.Context) (activityFlags, error) {
	var f activityFlags
	if s, ok := c.Flag("group"); ok {
		b, err := c.resolveBody(ctx, s)
		if err != nil {
			return f, err
		}
		f.group = &b
	}
	return f, nil
}

// applyActivityFlags sets the fields named by the flags of add or update.
// body is the activity's group as resolved (nil: unchanged).
func (c *Call) applyActivityFlags(a *jca.Activity, f activityFlags, body *jca.Body) error {
	v := c.r.d.Vocab
	if s, ok := c.Flag("title"); ok {
		a.Title = s
	}
	if f.group != nil {
		a.Group, body = f.group.Code, f.group
	}
	if s, ok := c.Flag("question"); ok {
		a.Question = s
	}
	if s, ok := c.Flag("ref"); ok {
		a.Ref = s
	}
	if s, ok := c.Flag("status"); ok {
		st, ok := v.Status(s)
		if !ok {
			return jca.Errorf(jca.EInvalid, "err.unknown_status", "value", s, "list", strings.Join(v.StatusNames(), ", ")).
				WithSuggestions(suggestions(s, v.StatusNames())...)
		}
		a.Status = st
	}
	if s, ok := c.Flag("route"); ok {
		if s == "" {
			a.Route = ""
		} else if r, ok := v.Route(s); ok {
			a.Route = r
		} else {
			return jca.Errorf(jca.EInvalid, "err.unknown_route", "value", s, "list", strings.Join(v.Routes, ", "))
		}
	}
	if c.Has("aspect") {
		as, err := c.aspects(c.Flags("aspect"))
		if err != nil {
			return err
		}
		a.Aspects = as
	}
	if c.Has("wsis") {
		a.WSIS = nil
		for _, s := range c.Flags("wsis") {
			w, ok := v.WSISLine(s)
			if !ok {
				return jca.Errorf(jca.EInvalid, "err.unknown_wsis", "value", s, "list", strings.Join(v.WSISCodes(), ", "))
			}
			a.WSIS = append(a.WSIS, w)
		}
	}
	if c.Has("link") {
		a.Links = append([]string(nil), c.Flags("link")...)
	}
	if s, ok := c.Flag("note"); ok {
		a.Note = strings.TrimSpace(s)
	}
	if body != nil {
		return a.Validate(v, *body)
	}
	return a.Validate(v)
}

func (c *Call) aspects(words []string) ([]jca.Aspect, error) {
	v := c.r.d.Vocab
	var out []jca.Aspect
	for _, w := range words {
		a, ok := v.Aspect(w)
		if !ok {
			a, ok = c.aspectByLabel(w)
		}
		if !ok {
			return nil, jca.Errorf(jca.EInvalid, "err.unknown_aspect", "value", w, "list", strings.Join(v.AspectNames(), ", ")).
				WithSuggestions(suggestions(w, v.AspectNames())...)
		}
		out = append(out, a)
	}
	return out, nil
}

// aspectLabel is how an aspect reads in the person's language: the
// catalog's "aspect.<name>" ("sécurité" in French), else its vocabulary
// name (a configured aspect the catalog does not know).
func (c *Call) aspectLabel(a jca.Aspect) string {
	return aspectLabel(c.r.d.Catalog, c.Lang, a)
}

func aspectLabel(cat *i18n.Catalog, l i18n.Lang, a jca.Aspect) string {
	if key := "aspect." + string(a); cat.Has(key) {
		return cat.String(l, key)
	}
	return string(a)
}

// aspectLabels joins the aspects' labels with ", ".
func (c *Call) aspectLabels(as []jca.Aspect) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = c.aspectLabel(a)
	}
	return strings.Join(names, ", ")
}

// aspectByLabel finds the aspect a person wrote by its label in either
// language, accents and case aside ("securite", "Sécurité").
func (c *Call) aspectByLabel(w string) (jca.Aspect, bool) {
	want := textfold.Fold(w)
	for _, a := range c.r.d.Vocab.Aspects {
		for _, l := range []i18n.Lang{i18n.EN, i18n.FR} {
			if textfold.Fold(aspectLabel(c.r.d.Catalog, l, a)) == want {
				return a, true
			}
		}
	}
	return "", false
}
