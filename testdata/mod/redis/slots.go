package redis

import (
	"net/http"
)

// A key's tenant component is a slot: filled from request input, it is TL006.

func (c *Cache) Status(w http.ResponseWriter, r *http.Request) {
	tenantID := r.URL.Query().Get("tenant")
	s, _ := c.rdb.Get(r.Context(), "t:"+tenantID+":status").Result() // want `TL006: tenant slot cache key component filled from request input`
	w.Write([]byte(s))
}

// Through the helper that builds the key, the slot is the helper's tenantID.
func (c *Cache) TicketFromQuery(w http.ResponseWriter, r *http.Request) {
	s, _ := c.rdb.Get(r.Context(), scopedTicketKey(r.URL.Query().Get("tenant"), r.PathValue("id"))).Result() // want `TL006: tenant slot .* filled from request input`
	w.Write([]byte(s))
}
