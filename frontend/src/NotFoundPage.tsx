import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <div>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm">
        <Link to="/" className="text-blue-700 underline dark:text-blue-300">
          Back to the dashboard
        </Link>
      </p>
    </div>
  );
}
