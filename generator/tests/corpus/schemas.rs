//! Wire test of `schemas.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): real JSON decodes into the variant, field and map the spec describes and encodes
//! back as it came; request bodies carry what the spec lets a client send (no read-only field,
//! `null` only where a field is nullable and required).

use corpus_schemas::models::{
    Account, Animal, Bird, ByAge, ByName, Car, Cat, Circle, Clash, Contact, Counts, Dog, Filter, IdOrRef, Login,
    Measures, Mode, NullableMode, OneOrMany, Person, Pet, Reference, Shape, Square, Vehicle,
};
use corpus_schemas::{Client, Error};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    (server, client)
}

/// Answers `verb at` with `status` and the JSON `body`.
async fn answer(server: &MockServer, verb: &str, at: &str, status: u16, body: Value) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

/// The JSON bodies of the requests `server` received, in order.
async fn sent_bodies(server: &MockServer) -> Vec<Value> {
    let requests: Vec<Request> = server.received_requests().await.expect("requests are recorded");
    requests
        .iter()
        .filter(|request| !request.body.is_empty())
        .map(|request| {
            let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok());
            assert_eq!(content_type, Some("application/json"), "a JSON body");
            serde_json::from_slice(&request.body).expect("the body is JSON")
        })
        .collect()
}

#[tokio::test]
async fn a_discriminator_with_a_mapping_picks_the_variant_and_keeps_unknown_kinds() {
    let (server, client) = server_and_client().await;
    let unknown = json!({"petType": "parrot", "name": "Polly", "words": 12});
    let untagged = json!({"name": "Nobody"});
    answer(
        &server,
        "GET",
        "/pets",
        200,
        json!([
            {"petType": "cat", "name": "Tom", "indoor": true},
            {"petType": "dog", "name": "Rex", "barkVolume": 7.5},
            {"petType": "hound", "name": "Fang"},
            unknown,
            untagged,
        ]),
    )
    .await;
    let pets = client.list_pets().await.expect("decodes");
    assert_eq!(pets.len(), 5);
    let Pet::Cat(cat) = &pets[0] else { panic!("a cat: {:?}", pets[0]) };
    assert_eq!((cat.pet_type.as_str(), cat.name.as_str(), cat.indoor), ("cat", "Tom", Some(true)));
    let Pet::Dog(dog) = &pets[1] else { panic!("a dog: {:?}", pets[1]) };
    assert_eq!((dog.name.as_str(), dog.bark_volume), ("Rex", Some(7.5)));
    // Two mapping values name the same schema; the value received is kept.
    let Pet::Dog(hound) = &pets[2] else { panic!("`hound` maps to Dog: {:?}", pets[2]) };
    assert_eq!((hound.pet_type.as_str(), hound.bark_volume), ("hound", None));
    assert_eq!(pets[3], Pet::Other(unknown.clone()), "an unknown discriminator value is kept whole");
    assert_eq!(pets[4], Pet::Other(untagged), "no discriminator at all is kept too");

    // Each variant is sent as its own object, the discriminator included; an unknown one unchanged.
    answer(&server, "POST", "/pets", 201, json!({"petType": "dog", "name": "Fang"})).await;
    let sent = client.add_pet(Pet::Dog(Dog::new("hound", "Fang").with_bark_volume(2.5))).await.expect("201");
    assert_eq!(sent, Pet::Dog(Dog::new("dog", "Fang")));
    client.add_pet(Pet::Cat(Cat::new("cat", "Tom"))).await.expect("201");
    client.add_pet(Pet::Other(unknown.clone())).await.expect("201");
    assert_eq!(
        sent_bodies(&server).await,
        [json!({"petType": "hound", "name": "Fang", "barkVolume": 2.5}), json!({"petType": "cat", "name": "Tom"}), unknown]
    );
}

#[tokio::test]
async fn a_known_discriminator_with_a_body_that_does_not_fit_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    answer(&server, "GET", "/pets", 200, json!([{"petType": "cat"}])).await;
    let error = client.list_pets().await.expect_err("a cat needs a name");
    assert!(matches!(&error, Error::Decode { status, .. } if status.as_u16() == 200), "{error:?}");
}

#[tokio::test]
async fn a_discriminator_without_a_mapping_uses_the_schema_names() {
    let (server, client) = server_and_client().await;
    let triangle = json!({"kind": "Triangle", "base": 2});
    let lower_case = json!({"kind": "circle", "radius": 1});
    answer(
        &server,
        "GET",
        "/shapes",
        200,
        json!([{"kind": "Circle", "radius": 1.5}, {"kind": "Square", "side": 3}, triangle, lower_case]),
    )
    .await;
    let shapes = client.list_shapes().await.expect("decodes");
    assert_eq!(
        shapes,
        [Shape::Circle(Circle::new("Circle", 1.5)), Shape::Square(Square::new("Square", 3)), Shape::Other(triangle), Shape::Other(lower_case)]
    );
}

#[tokio::test]
async fn a_one_of_without_discriminator_is_told_apart_by_required_properties() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        "GET",
        "/contacts",
        200,
        json!([{"email": "ada@example.com", "verified": true}, {"phone": "+41 44 000", "extension": "12"}, {"phone": "+1 555"}]),
    )
    .await;
    let contacts = client.list_contacts().await.expect("decodes");
    let Contact::Email(email) = &contacts[0] else { panic!("an email contact: {:?}", contacts[0]) };
    assert_eq!((email.email.as_str(), email.verified), ("ada@example.com", Some(true)));
    let Contact::Phone(phone) = &contacts[1] else { panic!("a phone contact: {:?}", contacts[1]) };
    assert_eq!((phone.phone.as_str(), phone.extension.as_deref()), ("+41 44 000", Some("12")));
    assert!(matches!(&contacts[2], Contact::Phone(phone) if phone.extension.is_none()), "{:?}", contacts[2]);

    server.reset().await;
    answer(&server, "GET", "/contacts", 200, json!([{"fax": "1"}])).await;
    let error = client.list_contacts().await.expect_err("neither form");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn any_of_bodies_are_sent_as_the_chosen_schema_and_results_decode() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        "POST",
        "/search",
        200,
        json!({
            "contacts": [{"email": "ada@example.com"}],
            "best": {"name": "Ada", "nickname": null, "age": 36}
        }),
    )
    .await;
    let found = client.search(Filter::Name(ByName::new("Ada"))).await.expect("decodes");
    assert_eq!(found.contacts.len(), 1);
    assert!(matches!(&found.contacts[0], Contact::Email(email) if email.email == "ada@example.com"));
    // A single-schema oneOf is that schema.
    let best: &Person = found.best.as_ref().expect("best");
    assert_eq!((best.name.as_str(), best.nickname.as_deref(), best.age), ("Ada", None, Some(36)));

    client.search(Filter::Age(ByAge::new(30))).await.expect("decodes");
    assert_eq!(sent_bodies(&server).await, [json!({"name": "Ada"}), json!({"minAge": 30})]);
}

#[tokio::test]
async fn nullable_fields_decode_null_and_absent_and_only_required_ones_send_null() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        "PUT",
        "/people",
        200,
        json!({
            "name": "Ada", "nickname": null, "age": null,
            "manager": {"name": "Grace", "nickname": "Amazing Grace", "manager": null}
        }),
    )
    .await;
    let person = client.put_person(Person::new("Ada", None)).await.expect("decodes");
    // `nickname` is required and nullable: sent as null when unset. Optional fields are left out.
    assert_eq!(sent_bodies(&server).await, [json!({"name": "Ada", "nickname": null})]);
    assert_eq!(person.nickname, None, "null");
    assert_eq!(person.age, None, "null");
    assert_eq!(person.email, None, "absent");
    let manager = person.manager.as_deref().expect("a nullable reference with a value");
    assert_eq!((manager.name.as_str(), manager.nickname.as_deref()), ("Grace", Some("Amazing Grace")));
    assert_eq!(manager.manager, None, "a nullable reference that is null");

    server.reset().await;
    answer(&server, "PUT", "/people", 200, json!({"name": "Bo", "nickname": "b", "age": 7})).await;
    let person = client.put_person(Person::new("Bo", Some("b".to_owned())).with_age(7)).await.expect("decodes");
    assert_eq!((person.nickname.as_deref(), person.age, person.manager), (Some("b"), Some(7), None));
    let grace = Person::new("Grace", None).with_email("grace@example.com");
    client.put_person(Person::new("Ada", None).with_manager(grace)).await.expect("decodes");

    assert_eq!(
        sent_bodies(&server).await,
        [
            json!({"name": "Bo", "nickname": "b", "age": 7}),
            json!({"name": "Ada", "nickname": null, "manager": {"name": "Grace", "nickname": null, "email": "grace@example.com"}}),
        ]
    );
}

#[tokio::test]
async fn read_only_fields_are_read_and_never_sent_and_write_only_fields_are_sent() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        "POST",
        "/accounts",
        201,
        json!({"id": "acc-1", "createdAt": "2024-02-29T12:00:00Z", "login": "ada", "owner": null}),
    )
    .await;
    let account = Account::new("ada").with_password("s3cret").with_owner(Person::new("Ada", None));
    assert!(!format!("{account:?}").contains("s3cret"), "a password is not in Debug output: {account:?}");
    let stored = client.create_account(account).await.expect("decodes");
    // allOf of two references and an inline schema: every field of all three.
    assert_eq!(stored.id.as_deref(), Some("acc-1"));
    assert_eq!(stored.created_at.as_deref(), Some("2024-02-29T12:00:00Z"));
    assert_eq!((stored.login.as_str(), stored.password.as_deref(), stored.owner.as_ref()), ("ada", None, None));
    // Sent back, the read-only fields stay at home.
    client.create_account(stored).await.expect("decodes");
    assert_eq!(
        sent_bodies(&server).await,
        [json!({"login": "ada", "password": "s3cret", "owner": {"name": "Ada", "nickname": null}}), json!({"login": "ada"})]
    );
}

#[tokio::test]
async fn nested_all_of_merges_every_level() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        "GET",
        "/accounts/root",
        200,
        json!({
            "id": "acc-0", "createdAt": "2020-01-01T00:00:00Z", "login": "root",
            "owner": {"name": "Root", "nickname": null},
            "level": 9, "scopes": {"read": true, "write": false}
        }),
    )
    .await;
    let admin = client.get_account("root").await.expect("decodes");
    assert_eq!((admin.id.as_str(), admin.login.as_str(), admin.level), ("acc-0", "root", Some(9)));
    assert_eq!(admin.created_at.as_deref(), Some("2020-01-01T00:00:00Z"));
    assert_eq!(admin.password, None, "a write-only field is optional in a response");
    assert_eq!(admin.owner.as_ref().map(|owner| owner.name.as_str()), Some("Root"));
    let scopes = admin.scopes.as_ref().expect("scopes");
    assert_eq!((scopes.read, scopes.write), (Some(true), Some(false)));
}

/// A catalog with one of everything, as a server would send it.
fn catalog_json() -> Value {
    json!({
        "labels": {"env": "prod", "": "empty key"},
        "anything": {"n": 1, "list": [true, null], "nested": {"a": "b"}},
        "emptyMap": {"x": [1, 2], "y": null},
        "peopleById": {"p1": {"name": "Ada", "nickname": null}},
        "counts": {"total": 10, "apples": 3, "pears": 7},
        "matrix": [[1.0, 2.5], [], [-3.25]],
        "mode": "a-b",
        "modes": ["", "a-b", "A_B", "1.0", "Other", "fooBar", "FOO_BAR", "plain", "brand-new"],
        "priority": 2,
        "measures": {
            "small": -2147483648, "big": 9007199254740993_i64, "ratio": 0.5, "precise": 0.1,
            "plainNumber": 3.0e10, "plainInteger": 42, "flag": false
        },
        "clash": {"fooBar": "camel", "foo_bar": 7, "type": "t", "match": true},
        "target": {"href": "/things/1"},
        "tags": ["a", "b"],
        "when": "2024-02-29T12:00:00.123+01:00",
        "day": "2024-02-29",
        "maybeIds": ["i1", null, "i3"],
        "maybeModes": [null, "b"],
        "maybeScores": {"x": 1, "y": null}
    })
}

#[tokio::test]
async fn maps_nested_arrays_enums_and_numbers_round_trip() {
    let (server, client) = server_and_client().await;
    answer(&server, "GET", "/catalog", 200, catalog_json()).await;
    Mock::given(method("POST")).and(path("/catalog")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let catalog = client.get_catalog().await.expect("decodes");

    let labels = catalog.labels.as_ref().expect("labels");
    assert_eq!(labels.get("env").map(String::as_str), Some("prod"));
    assert_eq!(labels.get("").map(String::as_str), Some("empty key"));
    assert_eq!(catalog.anything.as_ref().and_then(|m| m.get("nested")), Some(&json!({"a": "b"})));
    assert_eq!(catalog.empty_map.as_ref().and_then(|m| m.get("y")), Some(&Value::Null));
    let ada = &catalog.people_by_id.as_ref().expect("people")["p1"];
    assert_eq!(ada.name, "Ada");
    let counts = catalog.counts.as_ref().expect("counts");
    assert_eq!(counts.total, 10, "a named property next to additionalProperties");
    assert_eq!(counts.additional_properties.len(), 2, "{counts:?}");
    assert_eq!((counts.additional_properties["apples"], counts.additional_properties["pears"]), (3, 7));
    assert_eq!(catalog.matrix.as_deref(), Some(&[vec![1.0, 2.5], vec![], vec![-3.25]][..]));
    assert_eq!(catalog.priority, Some(2));
    let measures = catalog.measures.as_ref().expect("measures");
    assert_eq!((measures.small, measures.big), (Some(i32::MIN), Some(9_007_199_254_740_993)));
    assert_eq!((measures.ratio, measures.precise, measures.plain_number), (Some(0.5_f32), Some(0.1), Some(3.0e10)));
    assert_eq!((measures.plain_integer, measures.flag), (Some(42), Some(false)));
    let clash = catalog.clash.as_ref().expect("clash");
    assert_eq!((clash.foo_bar.as_deref(), clash.foo_bar_2), (Some("camel"), Some(7)));
    assert_eq!((clash.r#type.as_deref(), clash.r#match), (Some("t"), Some(true)));
    assert_eq!(catalog.target, Some(IdOrRef::Reference(Reference::new("/things/1"))));
    assert_eq!(catalog.tags, Some(OneOrMany::Array(vec!["a".to_owned(), "b".to_owned()])));
    assert_eq!(catalog.when.as_deref(), Some("2024-02-29T12:00:00.123+01:00"));
    assert_eq!(catalog.day.as_deref(), Some("2024-02-29"));
    let ids = catalog.maybe_ids.as_deref().expect("ids");
    assert_eq!(ids, [Some("i1".to_owned()), None, Some("i3".to_owned())], "null items are kept");
    assert_eq!(catalog.maybe_modes.as_deref(), Some(&[None, Some(NullableMode::B)][..]));
    let scores = catalog.maybe_scores.as_ref().expect("scores");
    assert_eq!((scores["x"], scores["y"]), (Some(1), None), "null values are kept");

    // Sent back, every value is as it came, the unknown enum value included.
    client.put_catalog(catalog).await.expect("204");
    assert_eq!(sent_bodies(&server).await, [catalog_json()]);
}

#[tokio::test]
async fn string_enums_with_odd_values_and_unknown_values_round_trip() {
    let (server, client) = server_and_client().await;
    answer(&server, "GET", "/catalog", 200, catalog_json()).await;
    let catalog = client.get_catalog().await.expect("decodes");
    assert_eq!(catalog.mode, Some(Mode::AB));
    let modes = catalog.modes.expect("modes");
    let wire: Vec<&str> = modes.iter().map(Mode::as_str).collect();
    assert_eq!(wire, ["", "a-b", "A_B", "1.0", "Other", "fooBar", "FOO_BAR", "plain", "brand-new"]);
    assert_eq!(
        modes,
        [
            Mode::Value,
            Mode::AB,
            Mode::AB2,
            Mode::V1_0,
            Mode::Other,
            Mode::FooBar,
            Mode::FooBar2,
            Mode::Plain,
            Mode::Unrecognized("brand-new".to_owned()),
        ],
        "each value its own variant; `Other` is a value, not the catch-all"
    );
    assert_eq!(Mode::FooBar2.to_string(), "FOO_BAR");
    for mode in &modes {
        let encoded = serde_json::to_value(mode).expect("encodes");
        assert_eq!(encoded, json!(mode.as_str()));
        assert_eq!(&serde_json::from_value::<Mode>(encoded).expect("decodes"), mode);
    }
}

#[tokio::test]
async fn scalar_or_object_and_string_or_array_unions_send_what_they_hold() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST")).and(path("/catalog")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let mut counts = Counts::new(1);
    counts.additional_properties.insert("kiwis".to_owned(), 1);
    let clash = Clash::new().with_foo_bar("x").with_foo_bar_2(2).with_type("kind").with_match(false);
    let first = corpus_schemas::models::Catalog::new()
        .with_target(IdOrRef::String("thing-1".to_owned()))
        .with_tags(OneOrMany::String("solo".to_owned()))
        .with_counts(counts)
        .with_clash(clash)
        .with_mode(Mode::Unrecognized("brand-new".to_owned()))
        .with_measures(Measures::new().with_ratio(0.25).with_big(-1));
    client.put_catalog(first).await.expect("204");
    client.put_catalog(corpus_schemas::models::Catalog::new()).await.expect("204");
    assert_eq!(
        sent_bodies(&server).await,
        [
            json!({
                "counts": {"total": 1, "kiwis": 1},
                "mode": "brand-new",
                "measures": {"big": -1, "ratio": 0.25},
                "clash": {"fooBar": "x", "foo_bar": 2, "type": "kind", "match": false},
                "target": "thing-1",
                "tags": "solo"
            }),
            json!({})
        ]
    );
    assert_eq!(serde_json::from_value::<IdOrRef>(json!("x")).expect("decodes"), IdOrRef::String("x".to_owned()));
    assert_eq!(serde_json::from_value::<OneOrMany>(json!("x")).expect("decodes"), OneOrMany::String("x".to_owned()));
}

#[tokio::test]
async fn recursive_types_decode_to_any_depth() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        "GET",
        "/tree",
        200,
        json!({
            "value": "root",
            "parent": {"value": "above"},
            "children": [
                {"value": "a", "children": [{"value": "a1", "children": []}, {"value": "a2"}]},
                {"value": "b"}
            ]
        }),
    )
    .await;
    let tree = client.get_tree().await.expect("decodes");
    assert_eq!(tree.value, "root");
    assert_eq!(tree.parent.as_ref().map(|parent| parent.value.as_str()), Some("above"));
    let children = tree.children.as_ref().expect("children");
    let grandchildren: Vec<&str> =
        children[0].children.iter().flatten().map(|node| node.value.as_str()).collect();
    assert_eq!(grandchildren, ["a1", "a2"]);
    assert_eq!(children[0].children.as_ref().expect("a's children")[0].children, Some(vec![]));
    assert_eq!(children[1].children, None);

    answer(
        &server,
        "GET",
        "/departments/d1",
        200,
        json!({"name": "Research", "head": {"name": "Ada", "department": {"name": "Board", "head": {"name": "Grace"}}}}),
    )
    .await;
    let department = client.get_department("d1").await.expect("decodes");
    let head = department.head.as_ref().expect("a head");
    let board = head.department.as_ref().expect("the head's department");
    assert_eq!((department.name.as_str(), head.name.as_str(), board.name.as_str()), ("Research", "Ada", "Board"));
    let chair = board.head.as_ref().expect("the board's head");
    assert_eq!((chair.name.as_str(), chair.department.is_none()), ("Grace", true));
}

#[tokio::test]
async fn a_base_schema_with_a_discriminator_decodes_into_its_subtypes() {
    let (server, client) = server_and_client().await;
    let reptile = json!({"kind": "reptile", "name": "Rex"});
    answer(
        &server,
        "GET",
        "/animals",
        200,
        json!([
            {"id": "a1", "kind": "bird", "name": "Tweety", "wingspan": 0.2},
            {"id": "a2", "kind": "fish", "fins": 4},
            reptile,
        ]),
    )
    .await;
    let animals = client.list_animals().await.expect("decodes");
    // The mapping names `Bird` by its bare name and `Fish` by reference.
    let Animal::Bird(bird) = &animals[0] else { panic!("a bird: {:?}", animals[0]) };
    assert_eq!((bird.id.as_deref(), bird.name.as_deref(), bird.wingspan), (Some("a1"), Some("Tweety"), Some(0.2)));
    let Animal::Fish(fish) = &animals[1] else { panic!("a fish: {:?}", animals[1]) };
    assert_eq!((fish.kind.as_str(), fish.fins), ("fish", Some(4)));
    assert_eq!(animals[2], Animal::Other(reptile));

    // A subtype is sent with the base's fields, but not the base's read-only `id`.
    Mock::given(method("POST")).and(path("/animals")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    client.add_animal(animals[0].clone()).await.expect("204");
    client.add_animal(Animal::Bird(Bird::new("bird").with_wingspan(1.5))).await.expect("204");
    assert_eq!(
        sent_bodies(&server).await,
        [json!({"kind": "bird", "name": "Tweety", "wingspan": 0.2}), json!({"kind": "bird", "wingspan": 1.5})]
    );
}

#[tokio::test]
async fn a_discriminated_union_with_an_inline_variant_decodes_mapped_and_inline_values() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        "GET",
        "/vehicles",
        200,
        json!([{"type": "car", "doors": 5}, {"type": "boat", "hull": "steel"}]),
    )
    .await;
    let vehicles = client.list_vehicles().await.expect("decodes");
    let mut car = Car::new("car");
    car.doors = Some(5);
    assert_eq!(vehicles[0], Vehicle::Car(car));
    assert!(
        matches!(&vehicles[1], Vehicle::Value(boat) if boat.r#type == "boat" && boat.hull == "steel"),
        "{:?}",
        vehicles[1]
    );
}

#[tokio::test]
async fn nullable_array_items_and_map_values_decode_when_present() {
    let (server, client) = server_and_client().await;
    answer(&server, "GET", "/sparse", 200, json!({"readings": [1.5, -2.0], "scores": {"ada": 3}})).await;
    let sparse = client.get_sparse().await.expect("decodes");
    assert_eq!(serde_json::to_value(&sparse).expect("encodes"), json!({"readings": [1.5, -2.0], "scores": {"ada": 3}}));
}

#[tokio::test]
async fn required_write_only_fields_are_optional_in_responses_and_required_read_only_ones_never_sent() {
    let (server, client) = server_and_client().await;
    answer(&server, "POST", "/logins", 200, json!({"id": "l1", "user": "ada"})).await;
    let login = client.log_in(Login::new("ada").with_password("s3cret")).await.expect("no password, and still decodes");
    assert_eq!((login.id.as_deref(), login.user.as_str(), login.password.as_deref()), (Some("l1"), "ada", None));
    assert!(!format!("{:?}", Login::new("ada").with_password("s3cret")).contains("s3cret"));
    client.log_in(login.with_password("again")).await.expect("decodes");
    assert_eq!(
        sent_bodies(&server).await,
        [json!({"user": "ada", "password": "s3cret"}), json!({"user": "ada", "password": "again"})]
    );
}

/// A name the body's schema requires without describing it is an optional JSON value: sent when set.
#[tokio::test]
async fn a_required_property_the_schema_does_not_describe_is_sent() {
    let (server, client) = server_and_client().await;
    Mock::given(method("PUT")).and(path("/hooks")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let hook = corpus_schemas::models::PutHookRequest::new("https://example.com/hook").with_team_id(serde_json::json!("t-1"));
    client.put_hook(hook).await.expect("stored");
    assert_eq!(
        sent_bodies(&server).await,
        [serde_json::json!({"endpoint": "https://example.com/hook", "team_id": "t-1"})]
    );
}
