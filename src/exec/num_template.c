/*
 * num_template.c — parsing number format templates into nodes and
 * NUMDesc_prepare's facts (see num_template.h), shared by to_char(number) and
 * to_number.
 */
#include "exec/num_template.h"

#include <string.h>

#include "common/sqlstate.h"

static const struct {
    const char *kw;
    NumTok tok;
} k_keywords[] = {
    /* PostgreSQL's NUM_keywords order: the first match wins ("SG" before "S") */
    {",", NUMT_COMMA}, {".", NUMT_DEC}, {"0", NUMT_0},       {"9", NUMT_9},       {"B", NUMT_B},
    {"C", NUMT_C},     {"D", NUMT_D},   {"EEEE", NUMT_EEEE}, {"FM", NUMT_FM},     {"G", NUMT_G},
    {"L", NUMT_L},     {"MI", NUMT_MI}, {"PL", NUMT_PL},     {"PR", NUMT_PR},     {"RN", NUMT_RN},
    {"SG", NUMT_SG},   {"SP", NUMT_SP}, {"S", NUMT_S},       {"TH", NUMT_TH},     {"V", NUMT_V},
    {"b", NUMT_B},     {"c", NUMT_C},   {"d", NUMT_D},       {"eeee", NUMT_EEEE}, {"fm", NUMT_FM},
    {"g", NUMT_G},     {"l", NUMT_L},   {"mi", NUMT_MI},     {"pl", NUMT_PL},     {"pr", NUMT_PR},
    {"rn", NUMT_rn},   {"sg", NUMT_SG}, {"sp", NUMT_SP},     {"s", NUMT_S},       {"th", NUMT_th},
    {"v", NUMT_V},
};

static int syntax(OmError *err, const char *msg)
{
    return ERR(err, SQLSTATE_SYNTAX_ERROR, "%s", msg);
}

/* NUMDesc_prepare: the facts of one keyword, and PostgreSQL's conflicts. */
static int prepare(NumTemplate *t, NumTok tok, OmError *err)
{
    int f = t->flags;
    if ((f & NUMF_EEEE) && tok != NUMT_EEEE)
        return syntax(err, "\"EEEE\" must be the last pattern used");
    switch (tok) {
    case NUMT_9:
        if (f & NUMF_BRACKET) return syntax(err, "\"9\" must be ahead of \"PR\"");
        if (f & NUMF_MULTI)
            t->multi++;
        else if (f & NUMF_DECIMAL)
            t->post++;
        else
            t->pre++;
        break;
    case NUMT_0:
        if (f & NUMF_BRACKET) return syntax(err, "\"0\" must be ahead of \"PR\"");
        if (!(f & NUMF_ZERO) && !(f & NUMF_DECIMAL)) {
            t->flags |= NUMF_ZERO;
            t->zero_start = t->pre + 1;
        }
        if (!(f & NUMF_DECIMAL))
            t->pre++;
        else
            t->post++;
        t->zero_end = t->pre + t->post;
        break;
    case NUMT_B:
        if (t->pre == 0 && t->post == 0 && !(f & NUMF_ZERO)) t->flags |= NUMF_BLANK;
        break;
    case NUMT_D:
    case NUMT_DEC:
        if (f & NUMF_DECIMAL) return syntax(err, "multiple decimal points");
        if (f & NUMF_MULTI) return syntax(err, "cannot use \"V\" and decimal point together");
        t->flags |= NUMF_DECIMAL | (tok == NUMT_D ? NUMF_LDECIMAL : 0);
        break;
    case NUMT_FM:
        t->flags |= NUMF_FILLMODE;
        break;
    case NUMT_S:
        if (f & NUMF_LSIGN) return syntax(err, "cannot use \"S\" twice");
        if (f & (NUMF_PLUS | NUMF_MINUS | NUMF_BRACKET))
            return syntax(err, "cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
        if (!(f & NUMF_DECIMAL)) {
            t->lsign = NUM_LSIGN_PRE;
            t->pre_lsign_num = t->pre;
            t->flags |= NUMF_LSIGN;
        } else if (t->lsign == NUM_LSIGN_NONE) {
            t->lsign = NUM_LSIGN_POST;
            t->flags |= NUMF_LSIGN;
        }
        break;
    case NUMT_MI:
        if (f & NUMF_LSIGN) return syntax(err, "cannot use \"S\" and \"MI\" together");
        t->flags |= NUMF_MINUS;
        break;
    case NUMT_PL:
        if (f & NUMF_LSIGN) return syntax(err, "cannot use \"S\" and \"PL\" together");
        t->flags |= NUMF_PLUS;
        break;
    case NUMT_SG:
        if (f & NUMF_LSIGN) return syntax(err, "cannot use \"S\" and \"SG\" together");
        t->flags |= NUMF_MINUS | NUMF_PLUS;
        break;
    case NUMT_PR:
        if (f & (NUMF_LSIGN | NUMF_PLUS | NUMF_MINUS))
            return syntax(err, "cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
        t->flags |= NUMF_BRACKET;
        break;
    case NUMT_RN:
    case NUMT_rn:
        t->flags |= NUMF_ROMAN;
        break;
    case NUMT_V:
        if (f & NUMF_DECIMAL) return syntax(err, "cannot use \"V\" and decimal point together");
        t->flags |= NUMF_MULTI;
        break;
    case NUMT_EEEE:
        if (f & NUMF_EEEE) return syntax(err, "cannot use \"EEEE\" twice");
        if (f & (NUMF_BLANK | NUMF_FILLMODE | NUMF_LSIGN | NUMF_BRACKET | NUMF_MINUS | NUMF_PLUS |
                 NUMF_ROMAN | NUMF_MULTI)) {
            syntax(err, "\"EEEE\" is incompatible with other formats");
            error_detail(err, "\"EEEE\" may only be used together with digit and decimal point "
                              "patterns.");
            return -1;
        }
        t->flags |= NUMF_EEEE;
        break;
    default:
        break;
    }
    return 0;
}

int num_template_parse(const char *fmt, size_t len, NumTemplate *t, Arena *arena, OmError *err)
{
    memset(t, 0, sizeof(*t));
    t->nodes = ARENA_NEW_ARRAY(arena, NumNode, len + 1);
    size_t i = 0;
    while (i < len) {
        NumNode *n = &t->nodes[t->nnodes];
        memset(n, 0, sizeof(*n));
        int kw = -1;
        for (size_t k = 0; k < sizeof(k_keywords) / sizeof(k_keywords[0]) && kw < 0; k++) {
            size_t kl = strlen(k_keywords[k].kw);
            if (kl <= len - i && memcmp(fmt + i, k_keywords[k].kw, kl) == 0) kw = (int)k;
        }
        if (kw >= 0) {
            n->tok = (uint8_t)k_keywords[kw].tok;
            n->src = fmt + i;
            n->src_len = (uint8_t)strlen(k_keywords[kw].kw);
            i += n->src_len;
            t->nnodes++;
            if (prepare(t, (NumTok)n->tok, err) != 0) return -1;
            continue;
        }
        if (fmt[i] == '"') {
            /* quoted text: literal bytes up to the closing quote */
            for (i++; i < len && fmt[i] != '"'; i++) {
                if (fmt[i] == '\\' && i + 1 < len) i++;
                n = &t->nodes[t->nnodes++];
                memset(n, 0, sizeof(*n));
                n->tok = NUMT_LITERAL;
                n->ch = fmt[i];
            }
            i++;
            continue;
        }
        if (fmt[i] == '\\' && i + 1 < len) i++;
        n->tok = NUMT_LITERAL;
        n->ch = fmt[i++];
        t->nnodes++;
    }
    return 0;
}
