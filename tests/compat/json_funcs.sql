-- json and jsonb functions beyond json.sql: the aggregates (json_agg, jsonb_agg,
-- json_object_agg, jsonb_object_agg with ORDER BY, FILTER, GROUP BY, DISTINCT and
-- as window aggregates), the set-returning functions (json(b)_each[_text],
-- json(b)_array_elements[_text], json(b)_object_keys in FROM, LATERAL, WITH
-- ORDINALITY and the SELECT list), jsonb_set, jsonb_insert, - and #-,
-- json(b)_strip_nulls, jsonb_pretty and json(b)_extract_path[_text].

CREATE TABLE docs (id int PRIMARY KEY, grp text, d jsonb, j json, n numeric, t timestamp);
INSERT INTO docs VALUES
  (1, 'a', '{"name": "ann", "tags": ["x", "y"], "age": 30, "addr": {"city": "Oslo", "zip": null}}',
      '{"name": "ann",  "tags": ["x","y"], "age": 30}', 1.50, '2024-01-02 03:04:05'),
  (2, 'a', '{"name": "bob", "tags": [], "age": null, "note": "caf\u00e9 \"q\""}',
      '{"name":"bob","dup":1,"dup":2}', NULL, '2024-02-03 00:00:00'),
  (3, 'b', '{"name": "cy", "tags": ["z"], "nested": {"a": [1, {"b": 2}], "c": {}}}',
      '[1, "two", null, {"three": 3}]', -7, NULL),
  (4, 'b', NULL, NULL, 0, '1999-12-31 23:59:59.5'),
  (5, 'c', '[1, 2.50, "x", null, true, {"k": [1e2]}]', '"just a string"', 12345678901234567890, '2024-06-30 12:00:00');

-- json_agg / jsonb_agg
SELECT json_agg(id ORDER BY id), jsonb_agg(id ORDER BY id) FROM docs;
SELECT json_agg(x), jsonb_agg(x) FROM generate_series(1, 3) x;
SELECT json_agg(n ORDER BY id), jsonb_agg(n ORDER BY id) FROM docs;
SELECT json_agg(t ORDER BY id), jsonb_agg(t ORDER BY id) FROM docs;
SELECT json_agg(d ORDER BY id), jsonb_agg(d ORDER BY id) FROM docs;
SELECT json_agg(j ORDER BY id) FROM docs;
SELECT jsonb_agg(j ORDER BY id) FROM docs WHERE id <> 5;
SELECT json_agg(grp ORDER BY id DESC), jsonb_agg(grp ORDER BY grp DESC, id) FROM docs;
SELECT grp, json_agg(id ORDER BY id), jsonb_agg(d -> 'name' ORDER BY id) FROM docs GROUP BY grp ORDER BY grp;
SELECT json_agg(id ORDER BY id) FILTER (WHERE id > 2), jsonb_agg(id ORDER BY id) FILTER (WHERE d IS NULL) FROM docs;
SELECT json_agg(DISTINCT grp), jsonb_agg(DISTINCT grp ORDER BY grp DESC) FROM docs;
SELECT json_agg(id) FROM docs WHERE false;
SELECT jsonb_agg(id) IS NULL FROM docs WHERE false;
SELECT json_agg(x), jsonb_agg(x) FROM (VALUES (1.0::float8), ('NaN'), ('-Infinity'), (NULL)) v(x);
SELECT json_agg(x ORDER BY x), jsonb_agg(x ORDER BY x) FROM (VALUES (E'tab\there'), ('quote"'), (E'back\\slash'), ('ünï'), (E'nl\n')) v(x);
SELECT json_agg(x), jsonb_agg(x) FROM (VALUES (true), (false), (NULL::bool)) v(x);
SELECT json_agg(a), jsonb_agg(a) FROM (VALUES (ARRAY[1, 2]), (ARRAY[]::int[]), (NULL)) v(a);
SELECT json_agg(x), jsonb_agg(x) FROM (VALUES (date '2024-03-04'), (NULL)) v(x);
SELECT json_agg(x), jsonb_agg(x) FROM (VALUES (interval '1 day 2 hours'), ('3 mons')) v(x);
SELECT json_agg(x), jsonb_agg(x) FROM (VALUES ('{"b": 1, "a": 2}'::json), ('[ 1 , 2 ]')) v(x);
SELECT id, json_agg(id) OVER (ORDER BY id), jsonb_agg(grp) OVER (PARTITION BY grp ORDER BY id) FROM docs ORDER BY id;
SELECT json_agg('x');
SELECT jsonb_agg(json_agg(id)) FROM docs;
SELECT json_agg(id, id) FROM docs;

-- json_object_agg / jsonb_object_agg
SELECT json_object_agg(grp || id, id ORDER BY id), jsonb_object_agg(grp || id, id) FROM docs;
SELECT json_object_agg(id, d -> 'name' ORDER BY id), jsonb_object_agg(id, d -> 'name') FROM docs;
SELECT jsonb_object_agg(k, v) FROM (VALUES ('b', 1), ('a', 2), ('b', 3)) t(k, v);
SELECT jsonb_object_agg(k, v ORDER BY v DESC) FROM (VALUES ('b', 1), ('a', 2), ('b', 3)) t(k, v);
SELECT json_object_agg(k, v ORDER BY v) FROM (VALUES ('b', 1), ('a', 2), ('b', 3)) t(k, v);
SELECT json_object_agg(k, v), jsonb_object_agg(k, v) FROM (VALUES (1.50, true), (2, NULL)) t(k, v);
SELECT json_object_agg(k, v), jsonb_object_agg(k, v) FROM (VALUES (timestamp '2024-01-01 01:02:03', 1)) t(k, v);
SELECT json_object_agg(k, v), jsonb_object_agg(k, v) FROM (VALUES (true, date '2024-05-06')) t(k, v);
SELECT grp, json_object_agg(id, n ORDER BY id), jsonb_object_agg(id::text, t) FROM docs GROUP BY grp ORDER BY grp;
SELECT json_object_agg(id, id) FILTER (WHERE id < 3), jsonb_object_agg(id, grp) FILTER (WHERE grp = 'b') FROM docs;
SELECT json_object_agg(id, id) FROM docs WHERE false;
SELECT json_object_agg('a', NULL), jsonb_object_agg('a', NULL);
SELECT json_object_agg(k, v) FROM (VALUES ('a', 1), (NULL, 2)) t(k, v);
SELECT jsonb_object_agg(k, v) FROM (VALUES ('a', 1), (NULL, 2)) t(k, v);
SELECT json_object_agg(k, 1) FROM (VALUES (ARRAY[1])) t(k);
SELECT jsonb_object_agg(k, 1) FROM (VALUES ('{"a": 1}'::jsonb)) t(k);
SELECT json_object_agg(k, 1) FROM (VALUES ('"x"'::json)) t(k) WHERE false;
SELECT id, json_object_agg(grp, id) OVER (ORDER BY id) FROM docs ORDER BY id;

-- set-returning functions in FROM
SELECT * FROM json_each('{"a": 1, "b": [1,  2], "a": "x", "c": null}');
SELECT * FROM jsonb_each('{"a": 1, "b": [1,  2], "a": "x", "c": null}');
SELECT * FROM json_each_text('{"a": "x\"y", "b": null, "c": [1, 2], "d": "\u00e9", "e": 1.50}');
SELECT * FROM jsonb_each_text('{"a": "x\"y", "b": null, "c": [1, 2], "d": "\u00e9", "e": 1.50}');
SELECT * FROM json_each('{ "a" : [1,  2] , "b":"\u0041"}') AS e;
SELECT key, value FROM jsonb_each('{"z": {"y": 1}, "aa": 2, "b": 3}') AS e ORDER BY key;
SELECT * FROM json_each('{}');
SELECT * FROM jsonb_each(NULL);
SELECT * FROM json_array_elements('[1, "two", null, {"three": 3}, [4]]');
SELECT * FROM jsonb_array_elements('[1, "two", null, {"three": 3}, [4], 1.0]');
SELECT * FROM json_array_elements_text('["a", null, 1, [2], "\u00e9"]');
SELECT * FROM jsonb_array_elements_text('["a", null, 1, [2], {"x": "y"}]');
SELECT * FROM json_array_elements('[]');
SELECT * FROM json_object_keys('{"b": 1, "a": 2, "b": 3}');
SELECT * FROM jsonb_object_keys('{"b": 1, "a": 2, "b": 3, "aa": 4}');
SELECT * FROM json_array_elements('[1, 2]') AS x;
SELECT * FROM json_array_elements('[1, 2]') AS x(y);
SELECT * FROM json_object_keys('{"a": 1}') AS x;
SELECT * FROM json_each('{"a": 1}') AS t(k);
SELECT * FROM json_each('{"a": 1}') AS t(k, v);
SELECT * FROM json_each('{"a": 1}') WITH ORDINALITY;
SELECT * FROM jsonb_each('{"b": 1, "a": 2}') WITH ORDINALITY AS t(k, v, n);
SELECT * FROM jsonb_array_elements_text('["p", "q"]') WITH ORDINALITY AS t(v, i);
SELECT * FROM json_object_keys('{"a": 1, "b": 2}') WITH ORDINALITY;
SELECT e.key, e.value -> 0 FROM jsonb_each('{"a": [10], "b": [20, 21]}') e ORDER BY e.key;
SELECT * FROM ROWS FROM (jsonb_array_elements('[1, 2, 3]'), jsonb_object_keys('{"k": 1}'));
SELECT count(*), string_agg(key, ',' ORDER BY key) FROM jsonb_each('{"x": 1, "y": 2, "z": 3}');

-- LATERAL over a table's json columns
SELECT docs.id, e.key, e.value FROM docs, jsonb_each(docs.d) e WHERE jsonb_typeof(docs.d) = 'object' ORDER BY 1, 2;
SELECT docs.id, e.key, e.value FROM docs CROSS JOIN LATERAL jsonb_each_text(docs.d -> 'addr') e ORDER BY 1, 2;
SELECT docs.id, t.tag, t.i FROM docs, jsonb_array_elements_text(docs.d -> 'tags') WITH ORDINALITY t(tag, i) ORDER BY 1, 3;
SELECT docs.id, k FROM docs LEFT JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(d) = 'object' THEN d END) k ON true ORDER BY 1, 2;
SELECT docs.id, count(k) FROM docs LEFT JOIN LATERAL json_object_keys(CASE WHEN json_typeof(j) = 'object' THEN j END) k ON true GROUP BY docs.id ORDER BY 1;
SELECT id, (SELECT sum((value)::int) FROM jsonb_array_elements_text(d -> 'nested' -> 'a') WHERE value ~ '^[0-9]+$') FROM docs ORDER BY id;
SELECT grp, jsonb_object_agg(e.key, e.value ORDER BY e.key, docs.id) FROM docs, jsonb_each(docs.d) e WHERE jsonb_typeof(docs.d) = 'object' AND e.key IN ('name', 'age') GROUP BY grp ORDER BY grp;
SELECT docs.id FROM docs, jsonb_each(docs.d) e WHERE jsonb_typeof(docs.d) <> 'object';

-- set-returning functions in the SELECT list
SELECT json_array_elements('[1, [2, 3], "x"]'), jsonb_array_elements_text('["x", null, "y"]');
SELECT jsonb_object_keys('{"b": 1, "a": 2}') AS k ORDER BY k;
SELECT id, jsonb_array_elements(d -> 'tags') FROM docs WHERE d ? 'tags' ORDER BY 1, 2;
SELECT id, json_object_keys(j) FROM docs WHERE json_typeof(j) = 'object' ORDER BY 1, 2;
SELECT jsonb_array_elements('[1, 2, 3]')::text::int + 1 AS v ORDER BY v;

-- their errors
SELECT * FROM json_each('[1]');
SELECT * FROM json_each('1');
SELECT * FROM jsonb_each('[1]');
SELECT * FROM jsonb_each_text('"s"');
SELECT * FROM json_array_elements('{"a": 1}');
SELECT * FROM json_array_elements_text('1');
SELECT * FROM jsonb_array_elements('{"a": 1}');
SELECT * FROM jsonb_array_elements_text('true');
SELECT * FROM json_object_keys('[1]');
SELECT * FROM json_object_keys('1');
SELECT * FROM jsonb_object_keys('[1]');
SELECT * FROM jsonb_object_keys('null');
SELECT * FROM json_each('{"a": 1}') AS t(k, v, z);
SELECT * FROM json_each('{"a": 1}'::jsonb);
SELECT * FROM jsonb_array_elements(1);
SELECT * FROM json_each('{"a": 1');
SELECT id, e.key FROM docs, jsonb_each(docs.d) e ORDER BY 1, 2;

-- jsonb_set
SELECT jsonb_set('{"a": 1, "b": [1, 2]}', '{b,1}', '"x"'), jsonb_set('{"a": 1}', '{c}', '2'), jsonb_set('{"a": 1}', '{c}', '2', false);
SELECT jsonb_set('[1, 2]', '{5}', '9'), jsonb_set('[1, 2]', '{-5}', '9'), jsonb_set('[1, 2]', '{-1}', '9'), jsonb_set('[1, 2]', '{-5}', '9', false);
SELECT jsonb_set('{"a": 1}', '{a,b}', '2'), jsonb_set('{"a": {"b": 1}}', '{a,c,d}', '2'), jsonb_set('{"a": {"b": 1}}', '{a,c}', '{"z": [1, 2]}');
SELECT jsonb_set('{"a": 1}', '{}', '2'), jsonb_set('[]', '{0}', '1'), jsonb_set('{}', '{a}', '[1]'), jsonb_set('{"a": 1}', '{a}', NULL);
SELECT jsonb_set('{"a": [1, 2]}', '{a,-1}', '5'), jsonb_set('{"a": [1, 2]}', '{a,-3}', '5'), jsonb_set('{"a": [1, 2]}', '{a,9}', '5', false);
SELECT jsonb_set('{"a": [1, 2]}', '{a,0,x}', '5'), jsonb_set('{"a": [{"x": 1}]}', '{a,0,y}', '5'), jsonb_set('{"a": 1}', '{a}', '{"z": 1, "y": 2}');
SELECT jsonb_set('[1]', '{" 0"}', '5'), jsonb_set('[1]', '{"+0"}', '5'), jsonb_set('{"b": 1}', '{aaa}', '"long key sorts last"');
SELECT jsonb_set('{"a": "\u00e9"}', '{"\u00e9"}', '"\"quoted\""'), jsonb_set('{"x": 1}', '{x}', '1.000'), jsonb_set('{"a": [1]}', '{b,c}', '1');
SELECT id, jsonb_set(d, '{name}', to_jsonb(upper(d ->> 'name'))) FROM docs WHERE jsonb_typeof(d) = 'object' ORDER BY id;
SELECT id, jsonb_set(d, '{tags,0}', '"first"', true) -> 'tags' FROM docs WHERE d ? 'tags' ORDER BY id;
SELECT jsonb_set('1', '{a}', '2');
SELECT jsonb_set('{"a": [1]}', '{a,x}', '2');
SELECT jsonb_set('{"a": 1}', '{NULL}', '2');
SELECT jsonb_set('{"a": 1}', '{a,NULL}', '2'), jsonb_set('{"a": 1}', '{x,NULL}', '2');
SELECT jsonb_set('[1]', '{"0 "}', '5');
SELECT jsonb_set('[1]', '{"9999999999"}', '5');
SELECT jsonb_set('{"a": 1}', '{{a},{b}}', '1');

-- jsonb_insert
SELECT jsonb_insert('{"a": [0, 1, 2]}', '{a,1}', '"new"'), jsonb_insert('{"a": [0, 1, 2]}', '{a,1}', '"new"', true), jsonb_insert('{"a": {"b": 1}}', '{a,c}', '2');
SELECT jsonb_insert('{"a": [0]}', '{a,10}', '2'), jsonb_insert('{"a": [0]}', '{a,-10}', '2'), jsonb_insert('[1, 2]', '{-1}', '0'), jsonb_insert('[1, 2]', '{-1}', '0', true);
SELECT jsonb_insert('[]', '{0}', '1'), jsonb_insert('{"a": 1}', '{}', '0'), jsonb_insert('[[1]]', '{0,0}', '[]');
SELECT jsonb_insert('{"a": {"b": 1}}', '{a,b}', '2');
SELECT jsonb_insert('1', '{0}', '0');

-- - and #-
SELECT '{"a": 1, "b": 2}'::jsonb - 'a', '["a", "b", "a"]'::jsonb - 'a', '["a", {"a": 1}, "b"]'::jsonb - 'a', '{}'::jsonb - 'a';
SELECT '[1, 2, 3]'::jsonb - 1, '[1, 2, 3]'::jsonb - -1, '[1, 2, 3]'::jsonb - 10, '[1, 2, 3]'::jsonb - -4, '[]'::jsonb - 0;
SELECT '{"a": 1, "b": 2, "c": 3}'::jsonb - '{a,c}'::text[], '{"a": 1}'::jsonb - '{}'::text[], '["a", "b", 1]'::jsonb - '{a,b}'::text[], '[1, 2, 3]'::jsonb - '{a}'::text[];
SELECT '{"a": 1}'::jsonb - NULL::text, '{"a": 1, "b": 2}'::jsonb - ARRAY['b', NULL];
SELECT id, d - 'tags' - 'addr' FROM docs WHERE jsonb_typeof(d) = 'object' ORDER BY id;
SELECT '1'::jsonb - 'a';
SELECT '{"a": 1}'::jsonb - 1;
SELECT '"a"'::jsonb - 'a';
SELECT '1'::jsonb - 0;
SELECT '"a"'::jsonb - '{a}'::text[];
SELECT '{"a": {"b": [1, 2]}}'::jsonb #- '{a,b,0}', '[1, 2]'::jsonb #- '{-1}', '{"a": 1}'::jsonb #- '{x,y}', '{"a": 1}'::jsonb #- '{}', '{"a": 1}'::jsonb #- '{a,b}';
SELECT '{}'::jsonb #- '{NULL}', '{"a": 1}'::jsonb #- '{x,NULL}', '[1, 2, 3]'::jsonb #- '{-9}', '{"a": [1, {"b": 2, "c": 3}]}'::jsonb #- '{a,1,c}';
SELECT '[1]'::jsonb #- '{a}';
SELECT '1'::jsonb #- '{a}';
SELECT '1'::jsonb #- '{}';
SELECT '{"a": 1}'::jsonb #- '{a,NULL}';
SELECT '{"a": 1}'::jsonb #- '{{a},{b}}';

-- strip nulls, pretty, extract_path
SELECT jsonb_strip_nulls('{"a": null, "b": [null, {"c": null}], "d": 1}'), json_strip_nulls('{"a":null,  "b":[null,{"c":null}],"d":1 }');
SELECT json_strip_nulls('[1, 2, {"a" : null, "b" : "x\u0041" , "c": {"d": null}}, null ]'), jsonb_strip_nulls('[null]');
SELECT json_strip_nulls('{"a":1.50, "b" : 1e2, "c":null, "d":[-0.0, 3E-2]}');
SELECT json_strip_nulls('  "a"  '), json_strip_nulls('null'), json_strip_nulls(' 1.50e1 '), jsonb_strip_nulls('null'), jsonb_strip_nulls('1.50');
SELECT id, jsonb_strip_nulls(d), json_strip_nulls(j) FROM docs ORDER BY id;
SELECT jsonb_pretty('{"a": 1, "b": [1, {"c": []}, {}], "d": {}}');
SELECT jsonb_pretty('[]'), jsonb_pretty('1'), jsonb_pretty('[[]]'), jsonb_pretty('"s\"q"'), jsonb_pretty('{}');
SELECT id, jsonb_pretty(d) FROM docs ORDER BY id;
SELECT json_extract_path('{"a": {"b": [1, 2]}}', 'a', 'b', '1'), jsonb_extract_path('{"a": {"b": [1,  2]}}', 'a'), json_extract_path_text('{"a": "x"}', 'a'), jsonb_extract_path_text('{"a": "x"}', 'a');
SELECT json_extract_path('{"a": {"b": 1}}', 'a', 'x'), jsonb_extract_path('[1, 2]', '-1'), jsonb_extract_path_text('{"a": null}', 'a'), json_extract_path('{"a": 1}', NULL);
SELECT id, jsonb_extract_path_text(d, 'addr', 'city'), json_extract_path_text(j, 'name') FROM docs ORDER BY id;
SELECT json_extract_path('{"a": 1}');
SELECT array_to_json(ARRAY[1, 2, 3]), array_to_json('{{1,5},{99,100}}'::int[]), array_to_json(ARRAY['a', NULL]);
SELECT array_to_json(ARRAY[]::int[]), array_to_json(NULL::text[]);
