package main

import "flag"

// configDigestFlag is accepted under go vet and ignored. go vet caches a
// package's result under a key made of its inputs and the vet flags, and
// the configuration files the analyzer reads (.tenantleak.yml, schema and
// model files) are none of them: tenantleak-vet passes a digest of those
// files here so that editing them runs the analysis again.
const configDigestFlag = "config-digest"

// registerVetFlags adds the driver's own flags under go vet to those of the
// analyzer; go vet learns them from -flags.
func registerVetFlags() {
	flag.String(configDigestFlag, "", "digest of the configuration files, so that go vet's cache sees their edits (tenantleak-vet sets it; ignored)")
}
