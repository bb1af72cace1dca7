/* Internal helpers shared by the model and the BPMN reader. */
#ifndef KARTLA_MODEL_INT_H
#define KARTLA_MODEL_INT_H

#include "kartla/model.h"

struct ka_idmap *ka_idmap_new(size_t hint);
void ka_idmap_free(struct ka_idmap *m);
/* Inserts el (keyed by el->id); returns the existing element if the id is taken. */
struct ka_el *ka_idmap_put(struct ka_idmap *m, struct ka_el *el);
/* Points the entry for el->id at el (inserting it if absent). */
void ka_idmap_replace(struct ka_idmap *m, struct ka_el *el);
struct ka_el *ka_idmap_get(const struct ka_idmap *m, const char *id);

/* Decodes Kartla extension elements under el's extensionElements into el->ext. */
struct ka_read_opts;
/* Unknown Kartla elements are kept and reported through opts->warn (newer files stay readable). */
int ka_ext_read(struct ka_map *m, struct ka_el *el, const struct ka_read_opts *opts,
                struct ka_diag *diag);

/* Nearest id at or above node n, for messages (bpmn_read.c). */
const char *ka_bpmn_read_near_id(const struct ka_xml_node *n);

/*
 * Reads boolean attribute attr of n ("true"/"1", "false"/"0") into *val and
 * sets *has (if not NULL); an absent attribute leaves both. 0 or KA_ERR_BPMN
 * (bpmn_read.c).
 */
int ka_bpmn_read_bool(struct ka_diag *diag, const struct ka_xml_node *n, const char *attr,
                      bool *val, bool *has);

/*
 * Decodes the DI of el (a shape or an edge): its flags, bounds, label bounds
 * and waypoints (in m's arena). 0 or KA_ERR_BPMN naming the attribute (bpmn_di.c).
 */
int ka_bpmn_di_decode(struct ka_map *m, struct ka_el *el, const struct ka_read_opts *opts,
                      struct ka_diag *diag);
/*
 * The same on another thread than the map's owner: reads only el's own tree
 * nodes and writes only el, with its waypoints from `arena` (the caller's,
 * adopted into the map's later). Returns 1, el as it was, where the usual
 * decode would repair, note or fail: the owner then decodes el itself.
 */
int ka_bpmn_di_decode_quiet(struct ka_map *m, struct ka_el *el, struct ka_arena *arena);

/*
 * Counts a repair or note in m->nwarnings and reports it through opts->warn
 * and opts->note with its stable code (bpmn_read.c).
 */
void ka_bpmn_note(struct ka_map *m, const struct ka_read_opts *opts, const char *code,
                  unsigned long line, unsigned long col, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

#endif
