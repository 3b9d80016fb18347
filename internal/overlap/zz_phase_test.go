package overlap

import (
	"testing"
)

func TestPhases(t *testing.T) {
	items := syntheticTitles(100_000, 1)
	th, _ := newThreshold(3, 5)
	st, _ := newSetTable(items)
	st.join(items, th)
}
