import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../../lib/api/errors";
import type { KindInfo, Provider, ProviderInput } from "../../../lib/api/providers";
import { ProvidersSection } from "./ProvidersSection";

const KEY = "sk-live-0123456789abcdef";

const kinds: KindInfo[] = [
  { kind: "openai", label: "OpenAI or compatible", defaultBaseUrl: "https://api.openai.com/v1", needsBaseUrl: false, keyOptional: true, needsVersion: false, modelHint: "gpt-4o-mini", help: "" },
  { kind: "azure-openai", label: "Azure OpenAI", defaultBaseUrl: "", needsBaseUrl: true, keyOptional: false, needsVersion: true, modelHint: "deployment name", help: "" },
  { kind: "custom", label: "Custom REST", defaultBaseUrl: "", needsBaseUrl: true, keyOptional: true, needsVersion: false, modelHint: "", help: "" },
];

// An in-memory stand-in for ProviderService that, like the backend, keeps only a key hint.
const fake = vi.hoisted(() => ({
  providers: [] as Provider[],
  inputs: [] as { id?: string; input: ProviderInput }[],
  failNext: null as Error | null,
  models: vi.fn(),
}));

function stored(id: string, input: ProviderInput, prev?: Provider): Provider {
  const key = input.apiKey;
  const keySet = key === null ? (prev?.keySet ?? false) : key !== "";
  const keyHint = key === null ? (prev?.keyHint ?? "") : key.slice(-4);
  const { apiKey: _apiKey, ...rest } = input;
  return { ...rest, id, keySet, keyHint: keySet ? keyHint : "", isDefault: prev?.isDefault ?? fake.providers.length === 0, createdAt: "", updatedAt: "" };
}

vi.mock("../../../lib/api/providers", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../../lib/api/providers")>();
  const failing = () => {
    const e = fake.failNext;
    fake.failNext = null;
    return e;
  };
  return {
    ...orig,
    providersApi: {
      kinds: () => Promise.resolve(kinds),
      list: () => Promise.resolve([...fake.providers]),
      create: (input: ProviderInput) => {
        fake.inputs.push({ input });
        const e = failing();
        if (e) return Promise.reject(e);
        const p = stored(`p${fake.providers.length + 1}`, input);
        fake.providers.push(p);
        return Promise.resolve(p);
      },
      update: (id: string, input: ProviderInput) => {
        fake.inputs.push({ id, input });
        const e = failing();
        if (e) return Promise.reject(e);
        const i = fake.providers.findIndex((p) => p.id === id);
        const p = stored(id, input, fake.providers[i]);
        fake.providers[i] = p;
        return Promise.resolve(p);
      },
      remove: () => Promise.resolve(),
      setDefault: () => Promise.resolve(),
      test: () => Promise.resolve({ ok: true, message: "Connected", models: 2, latencyMs: 12 }),
      models: (id: string) => fake.models(id),
    },
  };
});

function setup() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <ProvidersSection />
    </QueryClientProvider>,
  );
}

/** Everything the page shows or holds in its inputs. */
function pageText(): string {
  const values = [...document.querySelectorAll("input, select")].map((el) => (el as HTMLInputElement).value);
  return document.body.textContent + "\n" + values.join("\n");
}

const openaiInput: ProviderInput = {
  name: "Team",
  kind: "openai",
  baseUrl: "",
  model: "gpt-4o-mini",
  apiKey: KEY,
  temperature: null,
  maxTokens: 0,
  contextWindow: 0,
  apiVersion: "",
  custom: null,
};

beforeEach(() => {
  fake.providers = [];
  fake.inputs = [];
  fake.failNext = null;
  fake.models.mockReset();
});

describe("ProvidersSection", () => {
  it("says TFTSR works without a provider, and adds one without keeping its key", async () => {
    setup();
    expect(await screen.findByText(/No AI provider is configured/)).toBeInTheDocument();
    expect(screen.getByText(/works without any AI provider/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Add AI provider" }));
    const form = screen.getByRole("form", { name: "New AI provider" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Team" } });
    fireEvent.change(within(form).getByLabelText("Model"), { target: { value: "gpt-4o-mini" } });
    const key = within(form).getByLabelText("API key");
    expect(key).toHaveAttribute("type", "password");
    expect(key).toHaveValue("");
    fireEvent.change(key, { target: { value: KEY } });
    fireEvent.click(within(form).getByRole("button", { name: "Add provider" }));

    const edit = await screen.findByRole("form", { name: "Edit provider Team" });
    expect(fake.inputs).toEqual([{ input: openaiInput }]);
    expect(within(edit).getByTestId("provider-key-state")).toHaveTextContent("Key set (…cdef)");
    expect(within(edit).queryByLabelText(/API key/, { selector: "input" })).toBeNull();
    expect(await screen.findByRole("listitem", { name: "Team" })).toHaveTextContent("Default");
    expect(pageText()).not.toContain(KEY);
  });

  it("keeps, replaces or clears the stored key", async () => {
    fake.providers = [stored("p1", openaiInput)];
    setup();
    fireEvent.click(await screen.findByRole("button", { name: "Edit Team" }));
    const form = screen.getByRole("form", { name: "Edit provider Team" });

    // Keep: another field changes, the key is not sent.
    fireEvent.change(within(form).getByLabelText("Temperature"), { target: { value: "0.2" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save provider" }));
    await waitFor(() => expect(fake.inputs).toHaveLength(1));
    expect(fake.inputs[0]?.input).toMatchObject({ apiKey: null, temperature: 0.2 });

    // Replace: the input starts empty; after saving it is gone and the new hint shows.
    fireEvent.click(await within(form).findByRole("button", { name: "Replace key" }));
    const key = within(form).getByLabelText("New API key");
    expect(key).toHaveValue("");
    fireEvent.change(key, { target: { value: "sk-wrong-key-9999" } });
    fireEvent.input(key);
    fireEvent.click(within(form).getByRole("button", { name: "Save provider" }));
    await waitFor(() => expect(within(form).getByTestId("provider-key-state")).toHaveTextContent("Key set (…9999)"));
    expect(fake.inputs[1]?.input.apiKey).toBe("sk-wrong-key-9999");
    expect(pageText()).not.toContain("sk-wrong-key-9999");

    // Clear.
    fireEvent.click(within(form).getByRole("button", { name: "Clear key" }));
    fireEvent.click(within(form).getByRole("button", { name: "Save provider" }));
    await waitFor(() => expect(fake.inputs).toHaveLength(3));
    expect(fake.inputs[2]?.input.apiKey).toBe("");
    expect(await within(form).findByLabelText("API key")).toHaveValue("");
  });

  it("does not send an empty replacement key", async () => {
    fake.providers = [stored("p1", openaiInput)];
    setup();
    fireEvent.click(await screen.findByRole("button", { name: "Edit Team" }));
    const form = screen.getByRole("form", { name: "Edit provider Team" });
    fireEvent.click(within(form).getByRole("button", { name: "Replace key" }));
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Team 2" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save provider" }));
    expect(await within(form).findByText(/Type the new key/)).toBeInTheDocument();
    expect(within(form).getByLabelText("New API key")).toHaveAttribute("aria-invalid", "true");
    expect(fake.inputs).toEqual([]);
  });

  it("shows a duplicate name beside the name and other refusals beside the form", async () => {
    setup();
    fireEvent.click(await screen.findByRole("button", { name: "Add AI provider" }));
    const form = screen.getByRole("form", { name: "New AI provider" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Team" } });

    fake.failNext = new AppError("conflict", 'providers: create: providers: a provider named "Team" already exists');
    fireEvent.click(within(form).getByRole("button", { name: "Add provider" }));
    const name = within(form).getByLabelText("Name");
    await waitFor(() => expect(name).toHaveAttribute("aria-invalid", "true"));
    expect(name).toHaveAccessibleDescription('A provider named "Team" already exists');

    fake.failNext = new AppError("invalid", "providers: the base URL must not contain a user name or password: put the key in the API key field");
    fireEvent.click(within(form).getByRole("button", { name: "Add provider" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Not saved: The base URL must not contain a user name or password");
    expect(name).not.toHaveAttribute("aria-invalid");
  });

  it("shows only the fields the kind needs", async () => {
    setup();
    fireEvent.click(await screen.findByRole("button", { name: "Add AI provider" }));
    const form = screen.getByRole("form", { name: "New AI provider" });
    expect(within(form).getByLabelText("Base URL")).toHaveAttribute("placeholder", "https://api.openai.com/v1");
    expect(within(form).queryByLabelText("API version")).toBeNull();
    expect(within(form).queryByLabelText("Answer text field")).toBeNull();

    fireEvent.change(within(form).getByLabelText("Kind"), { target: { value: "azure-openai" } });
    expect(within(form).getByLabelText("Base URL (required)")).toBeInTheDocument();
    expect(within(form).getByLabelText("API version")).toBeInTheDocument();

    fireEvent.change(within(form).getByLabelText("Kind"), { target: { value: "custom" } });
    expect(within(form).queryByLabelText("API version")).toBeNull();
    expect(within(form).getByLabelText("Answer text field")).toBeInTheDocument();
    // Load models needs a saved provider.
    expect(within(form).getByRole("button", { name: "Load models" })).toBeDisabled();
  });

  it("loads the model list into a select, or says the provider has none", async () => {
    fake.providers = [stored("p1", { ...openaiInput, model: "" })];
    fake.models.mockResolvedValueOnce([
      { id: "test-model", name: "test-model" },
      { id: "test-model-large", name: "test-model-large" },
    ]);
    setup();
    fireEvent.click(await screen.findByRole("button", { name: "Edit Team" }));
    const form = screen.getByRole("form", { name: "Edit provider Team" });
    fireEvent.click(within(form).getByRole("button", { name: "Load models" }));
    const select = await within(form).findByRole("combobox", { name: "Loaded models" });
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose one of 2 models…", "test-model", "test-model-large"]);
    fireEvent.change(select, { target: { value: "test-model-large" } });
    expect(within(form).getByLabelText("Model")).toHaveValue("test-model-large");

    fake.models.mockRejectedValueOnce(new AppError("internal", "providers: models: custom: model list: ai: not supported by this provider"));
    fireEvent.click(within(form).getByRole("button", { name: "Load models" }));
    expect(await within(form).findByText("This provider has no model list; type the model id.")).toBeInTheDocument();
  });

  it("tests the connection and shows the model count and latency", async () => {
    fake.providers = [stored("p1", openaiInput)];
    setup();
    const row = await screen.findByRole("listitem", { name: "Team" });
    fireEvent.click(within(row).getByRole("button", { name: "Test Team" }));
    const result = await within(row).findByTestId("provider-test-result");
    expect(result).toHaveAttribute("data-ok", "true");
    expect(result).toHaveTextContent("Connected");
    expect(result).toHaveTextContent("2 models · 12 ms");
  });
});
