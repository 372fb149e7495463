-- json and jsonb: input, canonical jsonb text, operators, building functions, to_json, casts, columns.

SELECT '{"b": 1, "a": [1, 2.50, "x"], "b": {"z": null, "c": true}}'::jsonb, '{"b": 1,  "a":2}'::json;
SELECT '[1,2'::json;
SELECT '{"a":1}'::jsonb -> 'a', '{"a":"x"}'::jsonb ->> 'a', '[1,2,3]'::jsonb -> -1, '{"a":{"b":[5,6]}}'::jsonb #> '{a,b,1}', '{"a":{"b":[5,6]}}'::jsonb #>> '{a,b}';
SELECT '{"a": {"c":1,  "b":2}}'::json -> 'a', '{"a":"\u0041"}'::json ->> 'a', '{"a":null}'::jsonb ->> 'a';
SELECT '{"a":1,"b":2}'::jsonb @> '{"a":1}', '[1,2,[3]]'::jsonb @> '[[3]]', '[1,2]'::jsonb @> '1', '{"a":1}'::jsonb ? 'a', '["a","b"]'::jsonb ?| array['c','b'], '{"a":1}'::jsonb ?& array['a','z'];
SELECT '1.0'::jsonb = '1'::jsonb, '{"a":1}'::jsonb < '{"a":2}'::jsonb, '[]'::jsonb < '{}'::jsonb, 'null'::jsonb < '1'::jsonb;
SELECT '{"a":1}'::jsonb || '{"b":2, "a":3}', '[1]'::jsonb || '2', jsonb_typeof('[1]'), json_typeof('"x"'), jsonb_array_length('[1,2,3]');
SELECT json_build_object('a', 1, 'b', 'x', 'c', null, 'd', true, 'e', 1.5::float8, 'f', date '2024-01-02', 'g', array[1,2]);
SELECT jsonb_build_object('b', 2, 'a', 1), json_build_array(1, 'two', null), jsonb_build_array(), json_build_object();
SELECT to_json('x'::text), to_jsonb(array[[1,2],[3,4]]), to_json(timestamp '2024-01-02 03:04:05'), to_jsonb('NaN'::float8), to_json(12.50);
SELECT json_build_object('always', false, 'start', 1, 'increment', 1, 'minvalue', 1, 'maxvalue', 10, 'cache', 1, 'cycle', false);
SELECT '{"a":1}'::json::jsonb, '{"b":1,"a":2}'::jsonb::json, '{"a":1}'::jsonb::text, pg_typeof('{}'::jsonb);
SELECT jsonb_array_length('{}');
SELECT json_build_object('a');
CREATE TABLE jt (id int primary key, d jsonb, j json);
INSERT INTO jt VALUES (1, '{"k": [1,2], "n": 1}', '{"x": 1}'), (2, '{"k": "v"}', '[1]'), (3, NULL, NULL);
SELECT id, d, j FROM jt ORDER BY id;
SELECT id FROM jt WHERE d @> '{"n": 1}' OR d ? 'k' ORDER BY id;
SELECT d -> 'k', count(*) FROM jt GROUP BY 1 ORDER BY 1;
SELECT id FROM jt ORDER BY d DESC NULLS LAST;
SELECT '"\u0000"'::jsonb;
