package commands

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
)

// The fields of a proposal as people give them: read from the flags, checked, applied and diffed into the history.

// proposalFields are the fields a propose or an edit sets. They are read
// from the flags before the store's transaction, because resolving groups
// reads the store; nil means "not given".
type proposalFields struct {
	title     *string
	why       *string
	groups    []string
	aspects   []jca.Aspect
	setAspect bool
	jointKind *string
	convener  *jca.PersonID
	deadline  *time.Time
}

// given reports whether any field is set.
func (f *proposalFields) given() bool {
	return f.title != nil || f.why != nil || f.groups != nil || f.setAspect || f.jointKind != nil ||
		f.convener != nil || f.deadline != nil
}

// clearsField reports whether a flag value clears the field ("none",
// "aucun", "-").
func clearsField(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return v == "none" || v == "aucun" || v == "aucune" || v == "-"
}

// readFields reads the flags of propose or edit.
func (s *proposalSpec) readFields(ctx context.Context, c *Call) (proposalFields, error) {
	var f proposalFields
	if v, ok := c.Flag(s.titleFlag); ok {
		v = strings.TrimSpace(v)
		f.title = &v
	}
	if v, ok := c.Flag(s.whyFlag); ok {
		v = strings.TrimSpace(v)
		f.why = &v
	}
	if c.Has(s.groupsFlag) {
		gs, err := c.resolveStudyGroups(ctx, c.Flags(s.groupsFlag))
		if err != nil {
			return f, err
		}
		// In the vocabulary's order, so that naming the same groups in
		// another order changes nothing.
		codes := c.r.d.Vocab.GroupCodes()
		slices.SortStableFunc(gs, func(x, y string) int { return slices.Index(codes, x) - slices.Index(codes, y) })
		f.groups = gs
	}
	if c.Has("aspect") {
		as, err := c.aspects(c.Flags("aspect"))
		if err != nil {
			return f, err
		}
		v := c.r.d.Vocab
		slices.SortFunc(as, func(x, y jca.Aspect) int { return v.AspectIndex(x) - v.AspectIndex(y) })
		f.aspects, f.setAspect = slices.Compact(as), true
	}
	if v, ok := c.Flag("kind"); ok {
		k, err := proposalJointKind(v)
		if err != nil {
			return f, err
		}
		f.jointKind = &k
	}
	if v, ok := c.Flag("convener"); ok {
		var who jca.PersonID
		if !clearsField(v) {
			var err error
			if who, err = c.mentioned(ctx, v); err != nil {
				return f, err
			}
		}
		f.convener = &who
	}
	if v, ok := c.Flag("deadline"); ok {
		var t time.Time
		if !clearsField(v) {
			var err error
			if t, err = c.deadline(v); err != nil {
				return f, err
			}
		}
		f.deadline = &t
	}
	return f, nil
}

// apply sets the given fields on p.
func (f *proposalFields) apply(p *jca.Proposal) {
	if f.title != nil {
		p.Title = *f.title
	}
	if f.why != nil {
		p.Why = *f.why
	}
	if f.groups != nil {
		p.Groups = slices.Clone(f.groups)
	}
	if f.setAspect {
		p.Aspects = slices.Clone(f.aspects)
	}
	if f.jointKind != nil {
		p.JointKind = *f.jointKind
	}
	if f.convener != nil {
		p.Convener = *f.convener
	}
	if f.deadline != nil {
		p.Deadline = *f.deadline
	}
}

// check validates a proposal after its fields were set.
func (s *proposalSpec) check(p *jca.Proposal) error {
	p.Title = strings.TrimSpace(p.Title)
	if err := jca.CheckText(s.titleField, p.Title, 1, jca.MaxTitle); err != nil {
		return err
	}
	if err := jca.CheckText(s.whyField, p.Why, 0, jca.MaxNote); err != nil {
		return err
	}
	if len(p.Groups) == 0 {
		return jca.Errorf(jca.EInvalid, s.key("err.need_groups"))
	}
	if s.kind == jca.JointProposal && jca.JointKindNeedsTwoParents(p.JointKind) && len(p.Groups) < 2 {
		return jca.Errorf(jca.EInvalid, "err.joint.two_parents", "kind", p.JointKind, "group", strings.Join(p.Groups, ", "))
	}
	return nil
}
