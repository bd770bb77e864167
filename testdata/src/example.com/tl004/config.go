package tl004

import "os"

// ServerConfigFile is the service's configuration.
type ServerConfigFile struct {
	TLS struct {
		CertFile string
	}
	DataDir string
}

// A path from the configuration locates the service's own files: no tenant
// component is needed, even with a tenant in hand.
func loadCert(tenantID string, cf *ServerConfigFile) ([]byte, error) {
	return os.ReadFile(cf.TLS.CertFile)
}

// The same configuration joined with a name from the caller is data.
func readUpload(tenantID string, cf *ServerConfigFile, name string) ([]byte, error) {
	return os.ReadFile(cf.DataDir + "/" + name) // want `TL004: file path cf\.DataDir \+ "/" \+ name has no tenant component; tenant available as tenantID`
}
