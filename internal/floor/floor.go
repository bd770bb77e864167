// Package floor is the SSA floor of the reliability soak (scripts/soak.sh):
// a do-nothing analyzer that requires buildssa and walks every instruction
// of every source function, as the shared floors' ssafloor does. What it
// costs on a package is the least any SSA-based analyzer pays there;
// tenantleak's time on the same package is compared with it.
package floor

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

// SSAFloor requires buildssa and touches every instruction of every SrcFunc.
var SSAFloor = &analysis.Analyzer{
	Name:     "ssafloor",
	Doc:      "requires buildssa and walks every source function; measures the SSA floor",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		s := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		n := 0
		for _, fn := range s.SrcFuncs {
			for _, b := range fn.Blocks {
				n += len(b.Instrs)
			}
		}
		return n, nil
	},
}

// Durations sums, per root package ID, the durations of every action on
// that package: the floor analyzer and what it requires (buildssa,
// ctrlflow, inspect), or tenantleak alone. Durations are accurate only
// from a sequential run (checker.Options.Sequential).
func Durations(graph *checker.Graph) map[string]float64 {
	roots := map[string]bool{}
	for _, act := range graph.Roots {
		roots[act.Package.ID] = true
	}
	out := map[string]float64{}
	for act := range graph.All() {
		if roots[act.Package.ID] {
			out[act.Package.ID] += act.Duration.Seconds()
		}
	}
	return out
}
